/**
 * The Node.js flags `kubernel up` runs with: `npm start` and the shebang of
 * `bin/kubernel.js` pass them (a flag that sizes the heap cannot be set once
 * the process runs), and the benchmarks start the server with them.
 *
 * `--max-semi-space-size=32`: a young generation twice Node's default
 * (16 MiB semi-spaces). The control plane allocates fast and keeps much of it
 * (objects, informer caches, queued events), so with the default most of its
 * garbage collection was scavenges copying survivors (a quarter of its CPU
 * in c1m-lite) and their promotions fed long incremental marking. Measured
 * (npm run bench -- NAME, docs/benchmarks.md): c1m-lite 476 µs of CPU per
 * pod against 547, sched-basic 824-916 against 994-1,011. Larger ones gained
 * little more and cost memory: with 48 MiB sched-basic's peak RSS reached
 * 974-1,062 MiB against its 1 GiB target, with 32 MiB 913-944.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
