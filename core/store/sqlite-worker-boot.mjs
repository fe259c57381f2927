// The SQLite thread's entry. A worker thread does not inherit the loader that
// runs this TypeScript checkout without a build step (see bin/kubernel.js), so
// it registers tsx itself before it loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-worker.ts');
