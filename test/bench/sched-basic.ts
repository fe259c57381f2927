import { measureScheduling } from './support/scheduling-throughput.ts';

/**
 * `sched-basic`: kube-scheduler's scheduler_perf SchedulingBasic
 * 5000Nodes_10000Pods over the real control plane: 5,000 simulated nodes
 * (4 CPU, 32 Gi, 110 pods), 1,000 pods placed first, then 10,000 pods
 * (100m, 500 Mi) created through the HTTPS API; every binding is written
 * through `pods/binding` into SQLite. Targets: ≥ 1,500 pods/s, steady p99
 * create-to-bound ≤ 100 ms, RSS ≤ 1 GiB.
 */
export function run(): Promise<Record<string, unknown>> {
  return measureScheduling({ bench: 'sched-basic', nodes: 5_000, initPods: 1_000, pods: 10_000, concurrency: 32, totalMs: 540_000 });
}
