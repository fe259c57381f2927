// The entry of the SQLite threads (sqlite-worker.ts, sqlite-checkpoint-worker.ts),
// which names the TypeScript module to run in `workerData.entry`. A worker
// thread does not inherit the loader that runs this TypeScript checkout
// without a build step (see bin/kubernel.js), so it registers tsx itself
// before it loads that module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
