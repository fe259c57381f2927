// The SQLite thread's entry. A worker thread does not inherit the loader that
// runs this TypeScript checkout without a build step (see bin/kubernel.js), so
// it registers tsx itself before it loads the TypeScript worker. It registers
// tsx's require hook, which runs in this thread: the module hooks that
// `tsx/esm/api` registers run in a thread of their own, about 20 MiB more.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)('./sqlite-worker.ts');
