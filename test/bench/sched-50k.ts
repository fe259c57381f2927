import { measureScheduling } from './support/scheduling-throughput.ts';

/**
 * `sched-50k`: as `sched-basic` with 50,000 measured pods (scheduler_perf's
 * 5000Nodes_50000Pods). Targets: ≥ 1,500 pods/s, RSS ≤ 2 GiB.
 */
export function run(): Promise<Record<string, unknown>> {
  return measureScheduling({ bench: 'sched-50k', nodes: 5_000, initPods: 1_000, pods: 50_000, concurrency: 32, totalMs: 570_000 });
}
