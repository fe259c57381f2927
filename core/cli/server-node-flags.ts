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
 * (npm run bench -- NAME, docs/benchmarks.md): at 32 MiB c1m-lite took 476
 * µs of CPU per pod against 547, sched-basic 824-916 against 994-1,011.
 * 48 MiB first took sched-basic's peak RSS to 974-1,062 MiB against its
 * 1 GiB target; once spread copies no longer gave objects maps of their own
 * (2026-11-28) it peaked at 729-920 MiB with 48 (753-923 with 32), and
 * c1m-lite ran at 300-302 µs per pod against 305-319 with 32.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=48'];
