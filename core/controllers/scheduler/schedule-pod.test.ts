import { describe, expect, it } from 'vitest';
import { CycleState, SchedulingStatus, type NodeInfo, type SchedulingPluginContribution } from '../../contracts/scheduling.ts';
import { SchedulingFramework } from './framework.ts';
import { node, pod } from './plugins/test-fixtures.ts';
import { numFeasibleNodesToFind, PodScheduler } from './schedule-pod.ts';

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
