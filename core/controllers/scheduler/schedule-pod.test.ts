import { describe, expect, it } from 'vitest';
import {
  CycleState,
  SchedulingStatus,
  type FilterPlugin,
  type NodeInfo,
  type PodInfo,
  type PreFilterPlugin,
  type SchedulingPluginContribution,
} from '../../contracts/scheduling.ts';
import { fitErrorMessage } from './fit-error.ts';
import { SchedulingFramework } from './framework.ts';
import { NodeAffinity } from './plugins/node-affinity.ts';
import { NodeResourcesFit } from './plugins/node-resources-fit.ts';
import { TaintToleration } from './plugins/taint-toleration.ts';
import { node, pod } from './plugins/test-fixtures.ts';
import { numFeasibleNodesToFind, PodScheduler, type ScheduleResult } from './schedule-pod.ts';

describe('numFeasibleNodesToFind', () => {
  it.each<[number, number, number]>([
    [0, 50, 50],
    [0, 99, 99],
    [0, 100, 100],
    [0, 250, 100],
    [0, 5000, 100],
    [0, 20000, 100],
    [0, 50000, 156],
    [0, 100000, 312],
    [10, 500, 100],
    [10, 5000, 500],
    [30, 1000, 300],
    [100, 5000, 5000],
  ])('percentage %i of %i nodes: %i', (percentage, nodes, expected) => {
    expect(numFeasibleNodesToFind(percentage, nodes)).toBe(expected);
  });
});

function nodes(count: number): NodeInfo[] {
  return Array.from({ length: count }, (_, i) => node(`n${i}`));
}

function counting(seen: string[], reject: (n: NodeInfo) => boolean = () => false): SchedulingPluginContribution {
  return {
    plugin: {
      name: 'Counting',
      filter: (_s: CycleState, _p: unknown, n: NodeInfo) => {
        seen.push(n.name);
        return reject(n) ? SchedulingStatus.unschedulable('nope') : SchedulingStatus.success;
      },
    },
  };
}

describe('PodScheduler', () => {
  it('filters from a rotating start and stops once enough nodes fit', () => {
    const seen: string[] = [];
    const scheduler = new PodScheduler(new SchedulingFramework([counting(seen)]), { percentageOfNodesToScore: 40, random: () => 0 });
    const all = nodes(250);
    scheduler.schedule(new CycleState(), pod('p1'), all);
    expect(seen).toHaveLength(100);
    expect(seen[0]).toBe('n0');
    seen.length = 0;
    scheduler.schedule(new CycleState(), pod('p2'), all);
    expect(seen[0]).toBe('n100');
    seen.length = 0;
    scheduler.schedule(new CycleState(), pod('p3'), all);
    expect([seen[0], seen[99]]).toEqual(['n200', 'n49']);
  });

  it('picks the best total score, and among equals uses the random source', () => {
    const framework = new SchedulingFramework([
      { plugin: { name: 'Prefer', score: (_s: CycleState, _p: unknown, n: NodeInfo) => (n.name === 'n0' ? 0 : 50) } },
    ]);
    const pick = (random: number) => new PodScheduler(framework, { percentageOfNodesToScore: 100, random: () => random }).schedule(new CycleState(), pod('p'), nodes(3));
    expect(pick(0)).toMatchObject({ kind: 'scheduled', nodeName: 'n1' });
    expect(pick(0.99)).toMatchObject({ kind: 'scheduled', nodeName: 'n2' });
  });

  it('reports every rejected node and the rejecting plugins when nothing fits', () => {
    const seen: string[] = [];
    const scheduler = new PodScheduler(new SchedulingFramework([counting(seen, () => true)]), { percentageOfNodesToScore: 0, random: Math.random });
    const result = scheduler.schedule(new CycleState(), pod('p'), nodes(3));
    expect(result.kind).toBe('unschedulable');
    if (result.kind !== 'unschedulable') return;
    expect(result.numAllNodes).toBe(3);
    expect(result.diagnosis.rejections.size).toBe(3);
    expect([...result.diagnosis.rejectors]).toEqual(['Counting']);
  });

  it('turns a Filter error into a scheduling error', () => {
    const broken: SchedulingPluginContribution = { plugin: { name: 'Broken', filter: () => SchedulingStatus.error('boom') } };
    const result = new PodScheduler(new SchedulingFramework([broken]), { percentageOfNodesToScore: 0, random: Math.random }).schedule(new CycleState(), pod('p'), nodes(2));
    expect(result).toEqual({ kind: 'error', message: 'running "Broken" filter plugin: boom' });
  });
});

/** the builtin filters that decide these cases, NodeAffinity's Filter calls counted (and its candidates left out unless `narrowing`), and a score that tells nodes apart */
function selectorFramework(narrowing: boolean, calls: { filter: number; seen?: string[] }): SchedulingFramework {
  const affinity = new NodeAffinity();
  const counted: PreFilterPlugin & FilterPlugin = {
    name: affinity.name,
    preFilter: (state, p) => affinity.preFilter(state, p),
    filter: (state, p, n) => {
      calls.filter++;
      calls.seen?.push(n.name);
      return affinity.filter(state, p, n);
    },
    ...(narrowing ? { candidates: (p: PodInfo, n: readonly NodeInfo[]) => affinity.candidates(p, n) } : {}),
  };
  return new SchedulingFramework([
    { plugin: new TaintToleration() },
    { plugin: counted },
    { plugin: new NodeResourcesFit() },
    { plugin: { name: 'Distinct', score: (_s: CycleState, _p: unknown, n: NodeInfo) => (Number(n.name.slice(1)) * 37) % 101 } },
  ]);
}

describe('PodScheduler with a filter that narrows (NodeAffinity candidates)', () => {
  // 1,000 nodes in 4 classes taken in turn: a class's selector matches 250, more than the 100 the search stops at.
  const classNodes = Array.from({ length: 1000 }, (_, i) => node(`n${i}`, { labels: { class: `c${i % 4}` } }));
  const selecting = (name: string) => pod(name, { spec: { nodeSelector: { class: 'c1' } }, requests: { cpu: '100m' } });

  it('places each pod where filtering every node would, and filters the matching nodes only', () => {
    const narrowedCalls = { filter: 0, seen: [] as string[] };
    const plainCalls = { filter: 0, seen: [] as string[] };
    const narrowed = new PodScheduler(selectorFramework(true, narrowedCalls), { percentageOfNodesToScore: 0, random: () => 0 });
    const plain = new PodScheduler(selectorFramework(false, plainCalls), { percentageOfNodesToScore: 0, random: () => 0 });
    const placements = (scheduler: PodScheduler): ScheduleResult[] =>
      Array.from({ length: 12 }, (_, i) => scheduler.schedule(new CycleState(), selecting(`p${i}`), classNodes));
    const expected = placements(plain);
    expect(new Set(expected.map((r) => (r.kind === 'scheduled' ? r.nodeName : r.kind))).size).toBeGreaterThanOrEqual(3);
    expect(placements(narrowed)).toEqual(expected);
    // The nodes filtered, in order: the matching ones of the unnarrowed search, so each search starts where it would.
    const matching = new Set(classNodes.filter((n) => n.labels['class'] === 'c1').map((n) => n.name));
    expect(narrowedCalls.seen).toEqual(plainCalls.seen.filter((name) => matching.has(name)));
    // Each search stops after 100 feasible nodes: some 400 nodes looked at unnarrowed, those 100 narrowed.
    expect(plainCalls.filter).toBeGreaterThanOrEqual(12 * 397);
    expect(narrowedCalls.filter).toBe(12 * 100);
  });

  it('explains a pod that fits nowhere node by node, as filtering every node does', () => {
    const small = { cpu: '1', memory: '4Gi', pods: '110' };
    const taint = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }];
    const cluster = [
      ...Array.from({ length: 3 }, (_, i) => node(`n${i}`, { labels: { class: 'a' }, allocatable: small })),
      ...Array.from({ length: 2 }, (_, i) => node(`n${3 + i}`, { labels: { class: 'a' }, taints: taint })),
      ...Array.from({ length: 4 }, (_, i) => node(`n${5 + i}`, { labels: { class: 'b' } })),
      node('n9', { labels: { class: 'b' }, taints: taint }),
    ];
    const big = pod('big', { spec: { nodeSelector: { class: 'a' } }, requests: { cpu: '2' } });
    const explain = (narrowing: boolean): string => {
      const result = new PodScheduler(selectorFramework(narrowing, { filter: 0 }), { percentageOfNodesToScore: 0, random: () => 0 }).schedule(new CycleState(), big, cluster);
      return result.kind === 'unschedulable' ? fitErrorMessage(result.numAllNodes, result.diagnosis) : result.kind;
    };
    const message =
      "0/10 nodes are available: 3 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: db}, 4 node(s) didn't match Pod's node affinity/selector.";
    expect(explain(false)).toBe(message);
    expect(explain(true)).toBe(message);
  });
});
