import { describe, expect, it } from 'vitest';
import { node, pod, scoreNodes } from './plugins/test-fixtures.ts';
import { balancedAllocation, createResourceAllocationScorer, leastAllocated, mostAllocated, type ResourceAllocationStrategy } from './resource-allocation.ts';

// Cases from kube-scheduler's noderesources least/most/balanced allocation tests: [requested, allocatable] per resource (cpu, memory).
describe.each<[string, ResourceAllocationStrategy, [number[], number[], number[], number][]]>([
  [
    'leastAllocated',
    leastAllocated,
    [
      [[0, 0], [4000, 10000], [1, 1], 100],
      [[3000, 5000], [4000, 10000], [1, 1], 37],
      [[3000, 5000], [6000, 10000], [1, 1], 50],
      [[3000, 5000], [4000, 10000], [2, 1], 33],
      [[5000, 5000], [4000, 10000], [1, 1], 25],
      [[3000, 5000], [0, 10000], [1, 1], 50],
    ],
  ],
  [
    'mostAllocated',
    mostAllocated,
    [
      [[0, 0], [4000, 10000], [1, 1], 0],
      [[3000, 5000], [4000, 10000], [1, 1], 62],
      [[3000, 5000], [6000, 10000], [1, 1], 50],
      [[3000, 5000], [4000, 10000], [2, 1], 66],
      [[5000, 5000], [4000, 10000], [1, 1], 75],
    ],
  ],
  [
    'balancedAllocation',
    balancedAllocation,
    [
      [[3000, 5000], [4000, 10000], [1, 1], 87],
      [[3000, 5000], [6000, 10000], [1, 1], 100],
      [[6000, 5000], [4000, 10000], [1, 1], 75],
      [[1000, 2000, 3000], [4000, 4000, 4000], [1, 1, 1], 79],
    ],
  ],
])('%s', (_name, strategy, cases) => {
  it.each(cases)('requested %j of allocatable %j, weights %j: %i', (requested, allocatable, weights, expected) => {
    expect(strategy(requested, allocatable, weights)).toBe(expected);
  });
});

describe('createResourceAllocationScorer', () => {
  const nodes = [node('small', { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } }), node('large', { allocatable: { cpu: '4', memory: '4Gi', pods: '10' } })];

  it('counts containers without requests as 100m and 200Mi when spreading', () => {
    const scorer = createResourceAllocationScorer({ name: 'Least', resources: { cpu: 1, memory: 1 }, strategy: leastAllocated, useRequested: false });
    // small: cpu (1000-100)/1000 → 90, memory (1024-200)/1024 → 80; large: 97 and 95.
    expect(scoreNodes(scorer, pod('p'), nodes)).toEqual({ small: 85, large: 96 });
  });

  it('uses requests as they are for balancing, and skips pods that request nothing', () => {
    const scorer = createResourceAllocationScorer({ name: 'Balanced', resources: { cpu: 1, memory: 1 }, strategy: balancedAllocation, useRequested: true, skipBestEffort: true });
    expect(scoreNodes(scorer, pod('p'), nodes)).toBeUndefined();
    // small: cpu 0.5, memory 0.125 → std 0.1875 → 81; large: 0.125 and 0.03125 → 95.
    expect(scoreNodes(scorer, pod('p', { requests: { cpu: '500m', memory: '128Mi' } }), nodes)).toEqual({ small: 81, large: 95 });
  });

  it('leaves out an extended resource the pod does not request', () => {
    const gpuNode = node('gpu', { allocatable: { cpu: '2', memory: '2Gi', 'example.com/gpu': '4', pods: '10' } });
    const scorer = createResourceAllocationScorer({ name: 'Most', resources: { cpu: 1, 'example.com/gpu': 1 }, strategy: mostAllocated, useRequested: false });
    expect(scoreNodes(scorer, pod('p', { requests: { cpu: '1' } }), [gpuNode])).toEqual({ gpu: 50 });
    expect(scoreNodes(scorer, pod('p', { requests: { cpu: '1', 'example.com/gpu': '4' } }), [gpuNode])).toEqual({ gpu: 75 });
  });

  it('refuses an empty resource list', () => {
    expect(() => createResourceAllocationScorer({ name: 'X', resources: {}, strategy: leastAllocated, useRequested: false })).toThrow(/at least one resource/);
  });
});
