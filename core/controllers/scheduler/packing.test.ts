import { describe, expect, it } from 'vitest';
import { CycleState } from '../../contracts/scheduling.ts';
import { SchedulerCache } from './cache/scheduler-cache.ts';
import { SchedulingFramework } from './framework.ts';
import { builtinSchedulingPlugins } from './plugins/index.ts';
import { nodeObject, pod } from './plugins/test-fixtures.ts';
import { createResourceAllocationScorer, leastAllocated, mostAllocated, type ResourceAllocationStrategy } from './resource-allocation.ts';
import { PodScheduler } from './schedule-pod.ts';

/** A small deterministic PRNG (mulberry32), so the pod mixes are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Mix {
  cpuMilli: number;
  memoryMi: number;
}

/** Schedules the pods on 300 nodes of 4 cpu and 16Gi; returns how many nodes got pods. */
function nodesUsed(strategy: ResourceAllocationStrategy, searchFromFirstNode: boolean, pods: Mix[]): number {
  const cache = new SchedulerCache();
  for (let i = 0; i < 300; i++) cache.setNode(nodeObject(`n${i}`, { allocatable: { cpu: '4', memory: '16Gi', pods: '110' } }));
  const scorer = createResourceAllocationScorer({ name: 'Strategy', resources: { cpu: 1, memory: 1 }, strategy, useRequested: false });
  const framework = new SchedulingFramework([...builtinSchedulingPlugins({ cache, namespaceLabels: () => undefined }), { plugin: scorer }]);
  const scheduler = new PodScheduler(framework, { percentageOfNodesToScore: 0, random: prng(7), searchFromFirstNode });
  pods.forEach((mix, i) => {
    const info = pod(`p${i}`, { requests: { cpu: `${mix.cpuMilli}m`, memory: `${mix.memoryMi}Mi` } });
    const result = scheduler.schedule(new CycleState(), info, cache.nodeList());
    if (result.kind !== 'scheduled') throw new Error(`pod ${i} did not fit: ${JSON.stringify(result)}`);
    cache.assumePod(info, result.nodeName);
  });
  return cache.nodeList().filter((n) => n.pods.length > 0).length;
}

/** max over cpu and memory of ceil(total requests / node capacity) */
function lowerBound(pods: Mix[]): number {
  const cpu = pods.reduce((sum, p) => sum + p.cpuMilli, 0);
  const memory = pods.reduce((sum, p) => sum + p.memoryMi, 0);
  return Math.max(Math.ceil(cpu / 4000), Math.ceil(memory / 16384));
}

const uniform: Mix[] = Array.from({ length: 400 }, () => ({ cpuMilli: 500, memoryMi: 1024 }));
const random = prng(42);
const sizes: Mix[] = [
  { cpuMilli: 250, memoryMi: 512 },
  { cpuMilli: 500, memoryMi: 2048 },
  { cpuMilli: 1000, memoryMi: 1024 },
  { cpuMilli: 1500, memoryMi: 4096 },
];
const mixed: Mix[] = Array.from({ length: 400 }, () => sizes[Math.floor(random() * sizes.length)] ?? { cpuMilli: 100, memoryMi: 100 });

describe('packing with 300 nodes, more than one search looks at', () => {
  it.each<[string, Mix[], number]>([
    ['uniform pods', uniform, 1.0],
    ['mixed pods', mixed, 1.12],
  ])('MostAllocated searching from the first node packs %s within %s × the lower bound', (_name, pods, ratio) => {
    expect(nodesUsed(mostAllocated, true, pods) / lowerBound(pods)).toBeLessThanOrEqual(ratio);
  });

  it('rotating the search, as Kubernetes does, leaves more nodes part-filled', () => {
    expect(nodesUsed(mostAllocated, false, uniform)).toBeGreaterThan(nodesUsed(mostAllocated, true, uniform));
  });

  it('LeastAllocated spreads over as many nodes as it can', () => {
    expect(nodesUsed(leastAllocated, false, uniform)).toBeGreaterThanOrEqual(250);
  });
});
