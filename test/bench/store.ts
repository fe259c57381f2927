import { loadavg } from 'node:os';
import { apiClient, apiPool, authHeaders, requestJson } from './support/api-client.ts';
import { startBareServer } from './support/bare-server.ts';
import { startControlPlane, type ControlPlaneProcess } from './support/control-plane-process.ts';
import { summarize } from './support/percentiles.ts';
import { cpuTimeMs, measureCpuPerOp } from './support/process-cpu.ts';
import { peakRssMiB } from './support/process-memory.ts';
import { progress, round } from './support/progress.ts';
import { etcdPeer } from './store-etcd.ts';
import { CONFIGMAPS_PATH, createConfigMaps, createNamespace, getConfigMaps } from './store-requests.ts';
import { watchFanOut } from './store-watch.ts';

/**
 * Every phase is bounded in count and in time; a phase that hits its time
 * limit reports what it did (the `*Creates`/`gets` counts say how many).
 */
const PLAN = {
  /**
   * not measured: lets V8 compile the request paths before the clock runs, at
   * the concurrency measured after (2,000 creates from 16 clients left the
   * 64-client phase 20-30% slower than its steady state)
   */
  warmup: { count: 10_000, concurrency: 64, timeLimitMs: 60_000 },
  warmupGets: { count: 5_000, concurrency: 16, timeLimitMs: 60_000 },
  sequential: { count: 2_000, concurrency: 1, timeLimitMs: 60_000 },
  concurrent: { count: 20_000, concurrency: 64, timeLimitMs: 120_000 },
  gets: { count: 50_000, concurrency: 64, timeLimitMs: 60_000 },
  /**
   * Fanning one event out to 1,000 TLS streams costs the server about 40 ms of
   * CPU here, and the load generator about as much to read them: one event
   * every 100 ms leaves both cores room, so the figure is delivery latency and
   * not the queueing of a saturated machine.
   */
  watch: { watchers: 1_000, events: 200, intervalMs: 100, openConcurrency: 50, deliveryTimeoutMs: 15_000 },
  etcd: {
    sequential: { count: 2_000, concurrency: 1, timeLimitMs: 60_000 },
    concurrent: { count: 20_000, concurrency: 64, timeLimitMs: 120_000 },
  },
} as const;

/**
 * The `store` benchmark: 1 KiB ConfigMaps through the real HTTPS API server
 * on the SQLite store (sequential creates, 64 concurrent creates, GETs, and
 * one stream of events fanned out to 1,000 watchers), then etcd driven
 * directly as the side-by-side peer when one answers locally. Besides rates
 * and latencies it reports the server's CPU time per operation, which the
 * load generator sharing the two cores does not distort.
 */
export async function run(): Promise<Record<string, unknown>> {
  const loadAtStart = loadavg()[0] ?? 0;
  const plane = await startControlPlane();
  let figures: Record<string, unknown>;
  try {
    figures = await measureApiServer(plane);
  } finally {
    await plane.stop();
  }
  // The peer runs after the server has stopped, so the two never share the CPU.
  const etcd = await etcdPeer(PLAN.etcd);
  return { ...figures, ...etcd, loadAvg1mAtStart: round(loadAtStart), loadAvg1mAtEnd: round(loadavg()[0] ?? 0) };
}

async function measureApiServer(plane: ControlPlaneProcess): Promise<Record<string, unknown>> {
  const pool = apiPool(plane, PLAN.concurrent.concurrency);
  const sequential = apiPool(plane, 1);
  const single = apiClient(plane);
  try {
    await createNamespace(plane, single);
    progress(`store: warm-up, ${PLAN.warmup.count} creates and ${PLAN.warmupGets.count} GETs`);
    const warm = await createConfigMaps(plane, pool, 'warm', PLAN.warmup);
    const warmNames = Array.from({ length: warm.done }, (_, i) => `warm-${i}`);
    await getConfigMaps(plane, pool, warmNames, PLAN.warmupGets);

    progress(`store: ${PLAN.sequential.count} sequential creates`);
    const seq = await measureCpuPerOp(plane.pid, () => createConfigMaps(plane, sequential, 'seq', PLAN.sequential));
    const seqLatency = summarize(seq.latenciesMs);

    progress(`store: ${PLAN.concurrent.count} creates at ${PLAN.concurrent.concurrency} concurrent`);
    const conc = await measureCpuPerOp(plane.pid, () => createConfigMaps(plane, pool, 'conc', PLAN.concurrent));
    const concLatency = summarize(conc.latenciesMs);

    progress(`store: ${PLAN.gets.count} GETs at ${PLAN.gets.concurrency} concurrent`);
    const names = Array.from({ length: conc.done }, (_, i) => `conc-${i}`);
    const gets = await measureCpuPerOp(plane.pid, () => getConfigMaps(plane, pool, names, PLAN.gets));
    const getLatency = summarize(gets.latenciesMs);
    const rssBeforeWatch = await peakRssMiB(plane.pid);

    const bare = await measureBareReferences(plane, single);

    progress(`store: ${PLAN.watch.watchers} watchers, ${PLAN.watch.events} creates one every ${PLAN.watch.intervalMs} ms`);
    const cpuBeforeWatch = await cpuTimeMs(plane.pid);
    const watch = await watchFanOut(plane, single, PLAN.watch);
    const cpuAfterWatch = await cpuTimeMs(plane.pid);
    const watchLatency = summarize(watch.delaysMs);
    const rss = await peakRssMiB(plane.pid);
    const deliveries = watch.delaysMs.length;

    return {
      seqCreates: seq.done,
      seqCreatesPerSec: round(seq.perSec),
      seqP50Ms: round(seqLatency.p50),
      seqP99Ms: round(seqLatency.p99),
      seqServerCpuUsPerCreate: optional(seq.serverCpuUsPerOp),
      concCreates: conc.done,
      concCreatesPerSec: round(conc.perSec),
      concP50Ms: round(concLatency.p50),
      concP99Ms: round(concLatency.p99),
      concServerCpuUsPerCreate: optional(conc.serverCpuUsPerOp),
      gets: gets.done,
      getsPerSec: round(gets.perSec),
      getP99Ms: round(getLatency.p99),
      getServerCpuUsPerGet: optional(gets.serverCpuUsPerOp),
      bareFastifyGetsPerSec: round(bare.getsPerSec),
      bareFastifyCreatesPerSec: round(bare.createsPerSec),
      watchers: PLAN.watch.watchers,
      watchEvents: PLAN.watch.events,
      watchIntervalMs: PLAN.watch.intervalMs,
      watchDeliveries: deliveries,
      watchP50Ms: round(watchLatency.p50),
      watchP99Ms: round(watchLatency.p99),
      watchMaxMs: round(watchLatency.max),
      watchMissing: watch.missing,
      watchStreamProblems: watch.streamProblems,
      watchOpenMs: round(watch.openMs),
      // Includes the 200 creates themselves; the fan-out dominates.
      watchServerCpuUsPerDelivery:
        cpuBeforeWatch === undefined || cpuAfterWatch === undefined || deliveries === 0 ? null : round(((cpuAfterWatch - cpuBeforeWatch) * 1000) / deliveries),
      rssMiBBeforeWatch: optional(rssBeforeWatch),
      rssMiB: optional(rss),
    };
  } finally {
    await Promise.all([pool.destroy().catch(() => undefined), sequential.destroy().catch(() => undefined), single.destroy().catch(() => undefined)]);
  }
}

/**
 * The same concurrent create and GET loads against bare fastify over the same
 * TLS (POST answered with its parsed body, GET with the same bytes): the
 * ceiling of this machine and load generator, in this very run.
 */
async function measureBareReferences(plane: ControlPlaneProcess, single: ReturnType<typeof apiClient>): Promise<{ getsPerSec: number; createsPerSec: number }> {
  const sample = await requestJson(single, { method: 'GET', path: `${CONFIGMAPS_PATH}/conc-0`, headers: authHeaders(plane, false) });
  const bare = await startBareServer(plane, JSON.stringify(sample));
  const pool = apiPool(bare, PLAN.gets.concurrency);
  try {
    progress(`store: ${PLAN.concurrent.count} creates at ${PLAN.concurrent.concurrency} concurrent against bare fastify (the ceiling)`);
    await createConfigMaps(bare, pool, 'warm', PLAN.warmup);
    const creates = await createConfigMaps(bare, pool, 'conc', PLAN.concurrent);
    progress(`store: ${PLAN.gets.count} GETs at ${PLAN.gets.concurrency} concurrent against bare fastify (the ceiling)`);
    await getConfigMaps(bare, pool, ['conc-0'], PLAN.warmupGets);
    const gets = await getConfigMaps(bare, pool, ['conc-0'], PLAN.gets);
    return { getsPerSec: gets.perSec, createsPerSec: creates.perSec };
  } finally {
    await pool.destroy().catch(() => undefined);
    await bare.stop();
  }
}

function optional(value: number | undefined): number | null {
  return value === undefined ? null : round(value);
}
