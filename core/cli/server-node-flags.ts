/**
 * The Node.js flags `kubernel up` runs with: `npm start` and the shebang of
 * `bin/kubernel.js` pass them (a flag that sizes the heap cannot be set once
 * the process runs), and the benchmarks start the server with them.
 *
 * `--max-semi-space-size=48`: a young generation three times Node's default
 * (16 MiB semi-spaces). The control plane allocates fast and keeps much of it
 * (objects, informer caches, queued events), so with the default most of its
 * garbage collection was scavenges copying survivors (a quarter of its CPU
 * in c1m-lite) and their promotions fed long incremental marking. Measured
 * (npm run bench -- NAME, docs/benchmarks.md): c1m-lite 462 against 547 µs of
 * CPU per pod, sched-50k 801 against 1,047 (at 64 MiB), for about 40 MiB more
 * RSS in sched-basic (974 MiB; 64 MiB semi-spaces took it to 1,015).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=48'];
