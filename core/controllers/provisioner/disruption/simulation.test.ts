import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types/meta.ts';
import { simulateScheduling } from './simulation.ts';
import { node, pod } from './test-fixtures.ts';

const cpuPod = (name: string, cpu: string, from = 'candidate', extra: Parameters<typeof pod>[2] = {}): KubeObject => pod(name, from, { cpu, ...extra });

describe('simulateScheduling: do the candidate pods fit on the other nodes?', () => {
  it.each<[string, KubeObject[], KubeObject[], KubeObject[], boolean]>([
    ['room on one node', [node('a', '4')], [], [cpuPod('p1', '1'), cpuPod('p2', '1')], true],
    ['no node left', [], [], [cpuPod('p1', '100m')], false],
    ['the running pods take the room', [node('a', '2')], [pod('busy', 'a', { cpu: '1500m' })], [cpuPod('p1', '1')], false],
    ['spread over two nodes, neither big enough for all', [node('a', '2'), node('b', '2')], [], [cpuPod('p1', '1500m'), cpuPod('p2', '1500m')], true],
    ['three pods of 1500m on two 2-cpu nodes', [node('a', '2'), node('b', '2')], [], [cpuPod('p1', '1500m'), cpuPod('p2', '1500m'), cpuPod('p3', '1500m')], false],
    ['finished pods on a node take no room', [node('a', '2')], [pod('done', 'a', { cpu: '1500m', phase: 'Succeeded' })], [cpuPod('p1', '1')], true],
    ['a node selector that no remaining node matches', [node('a', '8')], [], [cpuPod('p1', '100m', 'candidate', { nodeSelector: { disk: 'ssd' } })], false],
    ['a node selector a remaining node matches', [node('a', '8'), node('b', '8', { labels: { disk: 'ssd' } })], [], [cpuPod('p1', '100m', 'candidate', { nodeSelector: { disk: 'ssd' } })], true],
    ['taints keep pods off', [node('a', '8', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })], [], [cpuPod('p1', '100m')], false],
    ['cordoned nodes take nothing', [{ ...node('a', '8'), spec: { unschedulable: true } }], [], [cpuPod('p1', '100m')], false],
  ])('%s', (_, nodes, pods, podsToPlace, allFit) => {
    expect(simulateScheduling({ nodes, pods, podsToPlace }).allFit).toBe(allFit);
  });

  it('places the largest pods first, so first-fit decreasing succeeds where arrival order would not', () => {
    // 3 + 1 on a; 2 + 2 on b: fits only when the 3-cpu pod is placed before the small ones fill a node.
    const result = simulateScheduling({
      nodes: [node('a', '4'), node('b', '4')],
      pods: [],
      podsToPlace: [cpuPod('s1', '1'), cpuPod('m1', '2'), cpuPod('m2', '2'), cpuPod('l1', '3')],
    });
    expect(result.allFit).toBe(true);
    expect(result.placements.size).toBe(4);
  });

  it('names the pods that found no room', () => {
    const result = simulateScheduling({ nodes: [node('a', '1')], pods: [], podsToPlace: [cpuPod('small', '500m'), cpuPod('big', '2')] });
    expect(result.unplaced).toEqual(['default/big']);
    expect(result.placements.get('default/small')).toBe('a');
  });

  it('ignores the candidate binding (spec.nodeName) of the pods it moves', () => {
    const result = simulateScheduling({ nodes: [node('other', '4')], pods: [], podsToPlace: [cpuPod('p', '1', 'candidate')] });
    expect(result.placements.get('default/p')).toBe('other');
  });
});
