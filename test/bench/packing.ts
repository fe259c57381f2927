import { performance } from 'node:perf_hooks';
import { isRecord } from '../../core/api/types/meta.ts';
import { apiClient, apiPool } from './support/api-client.ts';
import { createAll, createNamespace } from './support/create-objects.ts';
import { Deadline, waitUntil } from './support/deadline.ts';
import { namespaceJson, podJson } from './support/kube-objects.ts';
import { lowerBound, mixedMix, nodesUsed, uniformMix, type NodeSize, type PodSize } from './support/packing-mix.ts';
import { progress, round } from './support/progress.ts';
import { loadAverage1m } from './support/server-usage.ts';
import { startSimulatedCluster, type SimulatedPool } from './support/simulated-cluster.ts';
import { collectionVersion, eventTypeIs, nameOf, openWatch } from './support/watch-stream.ts';

const NODE: NodeSize = { cpuMilli: 4000, memoryMi: 32768, pods: 110 };
const PLAN = {
  strategies: ['scheduling/binpack', 'scheduling/spread', 'scheduling/balanced'],
  mixes: { uniform: uniformMix, mixed: mixedMix } as Record<string, (count: number, seed: number) => PodSize[]>,
  seeds: [1, 2, 3],
  podsPerMix: 600,
  /** each pool has this many times its lower bound of nodes (+2), so a spreading strategy can show how far it spreads */
  poolHeadroom: 1.5,
  concurrency: 16,
  totalMs: 570_000,
  perStrategyMs: 180_000,
} as const;

const NAMESPACE = 'bench';
const PODS_PATH = `/api/v1/namespaces/${NAMESPACE}/pods`;
const POOL_LABEL = 'kubernel.dev/node-pool';

interface Case {
  pool: string;
  mix: string;
  seed: number;
  pods: PodSize[];
  lowerBound: number;
}

/**
 * `packing`: how well each scheduling strategy plugin packs. For each of
 * scheduling/binpack, /spread and /balanced, one control plane with that
 * plugin in kubernel.yaml and one simulated pool (4 CPU, 32 Gi, 110 pods)
 * per (mix, seed); 600 pods of a seeded random mix are created through the
 * API with a nodeSelector for their pool and placed by the real scheduler.
 * Figure: nodes used ÷ the lower bound (max over cpu, memory, pods of
 * ceil(total requests ÷ node capacity)), mean and worst over 3 seeds.
 * Targets (binpack, MostAllocated): ≤ 1.05 uniform, ≤ 1.12 mixed.
 */
export async function run(): Promise<Record<string, unknown>> {
  const deadline = new Deadline(PLAN.totalMs);
  const loadAvg1mAtStart = loadAverage1m();
  const cases: Case[] = [];
  for (const [mix, generate] of Object.entries(PLAN.mixes)) {
    for (const seed of PLAN.seeds) {
      const pods = generate(PLAN.podsPerMix, seed);
      cases.push({ pool: `${mix}-${seed}`, mix, seed, pods, lowerBound: lowerBound(pods, NODE) });
    }
  }
  const figures: Record<string, unknown> = { podsPerMix: PLAN.podsPerMix, seeds: PLAN.seeds.length, node: '4 CPU, 32Gi, 110 pods' };
  const detail: Record<string, unknown>[] = [];
  let complete = true;
  for (const strategy of PLAN.strategies) {
    const short = strategy.slice(strategy.indexOf('/') + 1);
    if (deadline.expired()) {
      complete = false;
      break;
    }
    const result = await packWith(strategy, cases, deadline);
    complete &&= result.complete;
    figures[`${short}PodsPerSec`] = result.podsPerSec;
    for (const mix of Object.keys(PLAN.mixes)) {
      const ratios = cases.filter((c) => c.mix === mix).map((c) => (result.nodesUsed.get(c.pool) ?? 0) / c.lowerBound);
      figures[`${short}${capitalized(mix)}Ratio`] = round(ratios.reduce((a, b) => a + b, 0) / ratios.length);
      figures[`${short}${capitalized(mix)}WorstRatio`] = round(Math.max(...ratios));
    }
    for (const c of cases) {
      detail.push({ strategy: short, pool: c.pool, lowerBound: c.lowerBound, nodesUsed: result.nodesUsed.get(c.pool) ?? 0, unplaced: result.unplaced.get(c.pool) ?? 0 });
    }
  }
  return { ...figures, complete, detail, loadAvg1mAtStart, loadAvg1mAtEnd: loadAverage1m() };
}

interface PackResult {
  complete: boolean;
  podsPerSec: number | null;
  nodesUsed: Map<string, number>;
  unplaced: Map<string, number>;
}

async function packWith(strategy: string, cases: readonly Case[], deadline: Deadline): Promise<PackResult> {
  const pools: SimulatedPool[] = cases.map((c) => ({ name: c.pool, count: Math.ceil(c.lowerBound * PLAN.poolHeadroom) + 2, capacity: { cpu: '4', memory: '32Gi', pods: NODE.pods } }));
  const budget = deadline.budget(PLAN.perStrategyMs);
  const startedAt = performance.now();
  const cluster = await startSimulatedCluster({ pools, plugins: [{ name: strategy }] }, Math.min(budget, 120_000));
  const { plane } = cluster;
  const client = apiClient(plane);
  const pool = apiPool(plane, PLAN.concurrency);
  const placements = new Map<string, string>();
  let watch: Awaited<ReturnType<typeof openWatch>> | undefined;
  try {
    if (cluster.nodesReadyAt === undefined) return { complete: false, podsPerSec: null, nodesUsed: new Map(), unplaced: new Map() };
    await createNamespace(plane, client, namespaceJson(NAMESPACE));
    watch = await openWatch(plane, {
      path: `${PODS_PATH}?fieldSelector=${encodeURIComponent('spec.nodeName!=')}`,
      resourceVersion: await collectionVersion(plane, client, PODS_PATH),
      accept: (bytes, start, end) => eventTypeIs(bytes, start, end, 'ADDED'),
      onEvent: ({ object }) => {
        const spec = object['spec'];
        if (isRecord(spec) && typeof spec['nodeName'] === 'string') placements.set(nameOf(object), spec['nodeName']);
      },
    });
    const bodies = cases.flatMap((c) =>
      c.pods.map((size, i) =>
        podJson({
          name: `${c.pool}-p${i}`,
          namespace: NAMESPACE,
          labels: { app: 'packing', mix: c.pool },
          requests: { cpu: `${size.cpuMilli}m`, memory: `${size.memoryMi}Mi` },
          nodeSelector: { [POOL_LABEL]: c.pool },
        }),
      ),
    );
    progress(`packing: ${strategy}: ${bodies.length} pods over ${pools.reduce((s, p) => s + p.count, 0)} nodes`);
    const createStart = performance.now();
    const remaining = (): number => Math.max(0, budget - (performance.now() - startedAt));
    const creates = await createAll(plane, pool, PODS_PATH, bodies, { concurrency: PLAN.concurrency, timeLimitMs: remaining() });
    const all = await waitUntil(() => placements.size >= creates.done, {
      timeoutMs: remaining(),
      describe: () => `packing: ${strategy}: ${placements.size} of ${creates.done} pods placed`,
    });
    const elapsedSec = (performance.now() - createStart) / 1000;
    const nodesByPool = new Map<string, string[]>();
    const unplaced = new Map<string, number>();
    for (const c of cases) {
      const names = c.pods.map((_, i) => placements.get(`${c.pool}-p${i}`) ?? '');
      nodesByPool.set(c.pool, names);
      unplaced.set(c.pool, names.filter((n) => n === '').length);
    }
    return {
      complete: all && creates.done === bodies.length,
      podsPerSec: round(placements.size / elapsedSec),
      nodesUsed: new Map([...nodesByPool].map(([name, nodes]) => [name, nodesUsed(nodes)])),
      unplaced,
    };
  } finally {
    await watch?.close();
    await Promise.all([pool.destroy().catch(() => undefined), client.destroy().catch(() => undefined)]);
    await plane.stop();
  }
}

function capitalized(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
