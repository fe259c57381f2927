import { describe, expect, it } from 'vitest';
import { isRecord } from '../../../api/types/meta.ts';
import { CycleState, type NodeInfo, type PodInfo } from '../../../contracts/scheduling.ts';
import type { MutableNodeInfo } from '../../scheduler/cache/node-info.ts';
import { createPlanningFramework, simulateWith } from './planning-framework.ts';
import { PreFilterCache } from './prefilter-cache.ts';
import { affinityTo, HOSTNAME, hostnameAntiAffinity, node, pod, ZONE } from './test-fixtures.ts';

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPS = ['a', 'b', 'c'];
const spread = (key: string, app: string, maxSkew = 1) => ({ topologySpreadConstraints: [{ maxSkew, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }] });

/** node affinity that leaves the placeholder out of the spread counts (nodeAffinityPolicy Honor) */
const notOnPlaceholder = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME, operator: 'NotIn', values: ['placeholder'] }] }] } } } };

/** Pods whose PreFilter state depends on the pods around them, in every way the built-in plugins count. */
function probes(): PodInfo[] {
  return APPS.flatMap((app, i) => [
    pod(`zone-spread-${app}`, { labels: { app: APPS[(i + 1) % 3] ?? 'a' }, spec: spread(ZONE, app) }),
    pod(`self-spread-${app}`, { labels: { app }, spec: spread(HOSTNAME, app) }),
    pod(`zone-spread-honor-${app}`, { labels: { app }, spec: { ...spread(ZONE, app), ...notOnPlaceholder } }),
    pod(`host-spread-honor-${app}`, { spec: { ...spread(HOSTNAME, app), ...notOnPlaceholder } }),
    pod(`host-affinity-${app}`, { labels: { app }, spec: affinityTo(app, HOSTNAME) }),
    pod(`zone-affinity-${app}`, { spec: affinityTo(app, ZONE) }),
    pod(`anti-${app}`, { labels: { app }, spec: hostnameAntiAffinity(app) }),
    pod(`plain-${app}`, { labels: { app } }),
  ]);
}

/** every node's Filter verdict for `probe` under `state` */
function verdicts(framework: ReturnType<typeof createPlanningFramework>, state: CycleState, filters: Parameters<typeof framework.runFilter>[3], probe: PodInfo, nodes: readonly NodeInfo[]): string[] {
  return nodes.map((n) => `${n.name}:${framework.runFilter(state, probe, n, filters)?.plugin ?? 'ok'}`);
}

describe('PreFilterCache: states kept current by AddPod', () => {
  it.each([1, 2, 3])('filters exactly as a fresh PreFilter after every simulated placement (seed %i)', (seed) => {
    const random = prng(seed);
    const framework = createPlanningFramework();
    // As in a plan, the placeholder shares its zone with nodes that get pods.
    const placeholder = node('placeholder', { labels: { [ZONE]: 'z0' } });
    const nodes: MutableNodeInfo[] = [placeholder];
    const real: MutableNodeInfo[] = [];
    // The first nodes share one zone, so nodes added later bring new domains.
    const addNode = (name: string): MutableNodeInfo => {
      const n = node(name, { labels: { [ZONE]: real.length < 4 ? 'z0' : `z${Math.floor(random() * 3)}` } });
      nodes.push(n);
      real.push(n);
      return n;
    };
    for (let i = 0; i < 4; i++) addNode(`n${i}`);
    let withAntiAffinity = 0;
    const release = simulateWith(framework, {
      nodeList: () => real,
      anyPodWithAffinity: true,
      get anyPodWithRequiredAntiAffinity() {
        return withAntiAffinity > 0;
      },
      anyNodeWithPreferNoScheduleTaint: false,
    });
    try {
      const cache = new PreFilterCache(framework, nodes, [placeholder]);
      const all = probes();
      for (let step = 0; step < 60; step++) {
        if (random() < 0.2) cache.nodeAdded(addNode(`new${step}`));
        const added = all[Math.floor(random() * all.length)];
        const target = real[Math.floor(random() * real.length)];
        if (added === undefined || target === undefined) continue;
        const spec = added.pod['spec'];
        const placed = pod(`${added.name}-${step}`, { labels: { ...added.labels }, nodeName: target.name, ...(isRecord(spec) ? { spec } : {}) });
        target.addPod(placed);
        if (placed.requiredAntiAffinityTerms.length > 0) withAntiAffinity++;
        cache.podAdded(placed, target, placed.requiredAntiAffinityTerms.length > 0 && withAntiAffinity === 1);
        for (const probe of all) {
          const entry = cache.get(probe.name, probe);
          const fresh = new CycleState();
          const outcome = framework.runPreFilter(fresh, probe, nodes);
          expect(verdicts(framework, entry.state, entry.outcome.filters, probe, real)).toEqual(verdicts(framework, fresh, outcome.filters, probe, real));
        }
      }
    } finally {
      release();
    }
  });
});
