/** What every benchmark module exports: one run, returning the figures of its JSON line (without `bench`). */
export interface BenchModule {
  run(): Promise<Record<string, unknown>>;
}

/**
 * Benchmark name -> its module, imported only when that benchmark runs so one
 * bench's dependencies never slow or break another. Add new benchmarks here.
 */
export const benchmarks: Record<string, () => Promise<BenchModule>> = {
  store: () => import('./store.ts'),
  'sched-basic': () => import('./sched-basic.ts'),
  'sched-50k': () => import('./sched-50k.ts'),
  'c1m-lite': () => import('./c1m-lite.ts'),
  'kwok-parity': () => import('./kwok-parity.ts'),
  rollout: () => import('./rollout.ts'),
  packing: () => import('./packing.ts'),
  'pod-startup': () => import('./pod-startup.ts'),
  lb: () => import('./lb.ts'),
  provision: () => import('./provision.ts'),
  writes: () => import('./writes.ts'),
  gets: () => import('./gets.ts'),
};
