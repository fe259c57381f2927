import { apiClient, apiPool } from './support/api-client.ts';
import { startControlPlane } from './support/control-plane-process.ts';
import { measureCpuPerOp } from './support/process-cpu.ts';
import { progress, round } from './support/progress.ts';
import { loadAverage1m } from './support/server-usage.ts';
import { createConfigMaps, createNamespace, getConfigMaps } from './store-requests.ts';

const PLAN = {
  objects: { count: 4_000, concurrency: 64, timeLimitMs: 60_000 },
  /** not measured: lets V8 compile the GET path */
  warmup: { count: 10_000, concurrency: 64, timeLimitMs: 60_000 },
  gets: { count: 100_000, concurrency: 64, timeLimitMs: 60_000 },
} as const;

/**
 * `gets`: the `store` benchmark's GET phase alone and longer (100,000 GETs at
 * 64 concurrent over 4,000 ConfigMaps of 1 KiB), for comparing changes to the
 * read path: run it alternately on two checkouts. The server's CPU per GET
 * (from /proc) is steadier than the rate, which moves with the neighbours.
 */
export async function run(): Promise<Record<string, unknown>> {
  const loadAvg1mAtStart = loadAverage1m();
  const plane = await startControlPlane();
  const pool = apiPool(plane, PLAN.gets.concurrency);
  const single = apiClient(plane);
  try {
    await createNamespace(plane, single);
    progress(`gets: ${PLAN.objects.count} ConfigMaps`);
    const created = await createConfigMaps(plane, pool, 'g', PLAN.objects);
    const names = Array.from({ length: created.done }, (_, i) => `g-${i}`);
    await getConfigMaps(plane, pool, names, PLAN.warmup);
    progress(`gets: ${PLAN.gets.count} GETs at ${PLAN.gets.concurrency} concurrent`);
    const gets = await measureCpuPerOp(plane.pid, () => getConfigMaps(plane, pool, names, PLAN.gets));
    return {
      gets: gets.done,
      getsPerSec: round(gets.perSec),
      getServerCpuUsPerGet: gets.serverCpuUsPerOp === undefined ? null : round(gets.serverCpuUsPerOp),
      loadAvg1mAtStart,
      loadAvg1mAtEnd: loadAverage1m(),
    };
  } finally {
    await pool.destroy();
    await single.destroy();
    await plane.stop();
  }
}
