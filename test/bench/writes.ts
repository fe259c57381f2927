import { percentile } from './support/percentiles.ts';
import { progress, round } from './support/progress.ts';
import { loadAverage1m } from './support/server-usage.ts';
import { openWritePath, WRITE_PHASES, type WritePath, type WritePhase } from './support/write-path.ts';

/** rounds, the first of them warm-up; `KUBERNEL_BENCH_WRITES_ROUNDS` asks for more when a pair must be told apart finely */
const PLAN = { rounds: roundsWanted(process.env['KUBERNEL_BENCH_WRITES_ROUNDS']) } as const;
/** names another checkout (with its node_modules) whose write path runs in turn with this one's */
const BASELINE_ENV = 'KUBERNEL_BENCH_BASELINE';

/**
 * `writes`: the server's CPU per write on the paths a placed pod and a live
 * node cost, in process (no HTTP), through the admission pipeline into a
 * SQLite file: a pod create, its binding, the kubelet's status write, a
 * Lease renewal, a pod's graceful deletion (marked, then confirmed: two
 * writes). Each round writes a fresh batch; the first round warms the
 * JIT and is left out, and each figure is the median of the others. A
 * regression in the write path shows here in a minute, where the workload
 * benchmarks blur it with everything else.
 *
 * With `KUBERNEL_BENCH_BASELINE=DIR` the write path of the checkout in DIR
 * is loaded into the same process and each phase of each round runs on both,
 * in alternating order: this machine's speed drifts by a third within an
 * hour, which separate runs cannot tell from a change in the code. The
 * baseline's figures are `baseline*`.
 */
export async function run(): Promise<Record<string, unknown>> {
  const loadAvg1mAtStart = loadAverage1m();
  const baselineRoot = process.env[BASELINE_ENV];
  const paths: { label: string; path: WritePath }[] = [{ label: '', path: await openWritePath(new URL('../..', import.meta.url).pathname) }];
  if (baselineRoot !== undefined && baselineRoot !== '') paths.push({ label: 'baseline', path: await openWritePath(baselineRoot) });
  const samples = paths.map(() => new Map<WritePhase, number[]>(WRITE_PHASES.map((phase) => [phase, []])));
  try {
    for (let roundIndex = 0; roundIndex < PLAN.rounds; roundIndex++) {
      for (const phase of WRITE_PHASES) {
        const order = paths.map((_, i) => i);
        if (roundIndex % 2 === 1) order.reverse();
        for (const i of order) {
          const us = await paths[i]?.path.run(phase, roundIndex);
          if (roundIndex > 0 && us !== undefined) samples[i]?.get(phase)?.push(us);
        }
      }
      progress(`writes: round ${roundIndex + 1} of ${PLAN.rounds}`);
    }
  } finally {
    for (const { path } of paths) await path.close();
  }
  const figures: Record<string, unknown> = { podsPerRound: paths[0]?.path.podsPerRound, roundsMeasured: PLAN.rounds - 1 };
  paths.forEach(({ label }, i) => {
    for (const phase of WRITE_PHASES) {
      const name = label === '' ? `${phase}CpuUs` : `${label}${phase[0]?.toUpperCase() ?? ''}${phase.slice(1)}CpuUs`;
      figures[name] = round(percentile(samples[i]?.get(phase) ?? [], 50));
    }
  });
  if (paths.length > 1) figures['baseline'] = baselineRoot;
  return { ...figures, loadAvg1mAtStart, loadAvg1mAtEnd: loadAverage1m() };
}

function roundsWanted(value: string | undefined): number {
  const rounds = Number(value ?? '5');
  if (!Number.isInteger(rounds) || rounds < 2 || rounds > 100) throw new Error(`KUBERNEL_BENCH_WRITES_ROUNDS must be a whole number from 2 to 100, got ${value ?? ''}`);
  return rounds;
}
