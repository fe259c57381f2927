import { describe, expect, it } from 'vitest';
import { nodeObject, pod } from '../plugins/test-fixtures.ts';
import { zoneInterleaved } from './node-order.ts';
import { SchedulerCache } from './scheduler-cache.ts';

function cacheWith(...names: string[]): SchedulerCache {
  const cache = new SchedulerCache();
  for (const name of names) cache.setNode(nodeObject(name));
  return cache;
}

describe('SchedulerCache', () => {
  it('counts an assumed pod at once, confirms it when the binding is seen, and forgets it when binding fails', () => {
    const cache = cacheWith('n1');
    const p = pod('p', { requests: { cpu: '1' } });
    cache.assumePod(p, 'n1');
    expect(cache.node('n1')?.requested.milliCPU).toBe(1000);
    expect(cache.isAssumed(p.key)).toBe(true);

    cache.forgetPod(p.key);
    expect(cache.node('n1')?.requested.milliCPU).toBe(0);
    expect(cache.node('n1')?.pods).toHaveLength(0);

    cache.assumePod(p, 'n1');
    cache.setPod(pod('p', { nodeName: 'n1', requests: { cpu: '1' } }));
    expect(cache.isAssumed(p.key)).toBe(false);
    cache.forgetPod(p.key);
    expect(cache.node('n1')?.requested.milliCPU).toBe(1000);
  });

  it('moves a pod the informer reports on another node than assumed', () => {
    const cache = cacheWith('n1', 'n2');
    cache.assumePod(pod('p', { requests: { cpu: '1' } }), 'n1');
    cache.setPod(pod('p', { nodeName: 'n2', requests: { cpu: '1' } }));
    expect(cache.node('n1')?.requested.milliCPU).toBe(0);
    expect(cache.node('n2')?.requested.milliCPU).toBe(1000);
  });

  it('keeps pods of a node that has not arrived yet, and offers the node once it does', () => {
    const cache = new SchedulerCache();
    cache.setPod(pod('early', { nodeName: 'late', requests: { cpu: '500m' } }));
    expect(cache.nodeList()).toHaveLength(0);
    cache.setNode(nodeObject('late'));
    expect(cache.nodeList().map((n) => n.name)).toEqual(['late']);
    expect(cache.node('late')?.requested.milliCPU).toBe(500);
    cache.removeNode('late');
    expect(cache.nodeList()).toHaveLength(0);
  });

  it.each<[string, (n: ReturnType<typeof nodeObject>) => void, string[]]>([
    ['a heartbeat changes nothing that matters', (n) => Object.assign(n, { status: { ...(n['status'] as object), conditions: [{ type: 'Ready', status: 'True' }] } }), []],
    ['more allocatable', (n) => Object.assign(n, { status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' } } }), ['NodeAllocatableChange']],
    ['a new label', (n) => (n.metadata.labels = { ...n.metadata.labels, disktype: 'ssd' }), ['NodeLabelChange']],
    ['a taint', (n) => Object.assign(n, { spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }), ['NodeTaintChange']],
    ['cordoned', (n) => Object.assign(n, { spec: { unschedulable: true } }), ['NodeSpecUnschedulableChange']],
  ])('reports node changes that may let pods fit: %s', (_name, change, events) => {
    const cache = new SchedulerCache();
    expect(cache.setNode(nodeObject('n1'))).toEqual(['NodeAdd']);
    const updated = structuredClone(nodeObject('n1'));
    change(updated);
    expect(cache.setNode(updated)).toEqual(events);
  });

  it('tracks whether any pod has affinity and any node a PreferNoSchedule taint', () => {
    const cache = cacheWith('n1');
    expect(cache.anyPodWithRequiredAntiAffinity).toBe(false);
    const anti = pod('a', { nodeName: 'n1', spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'x', labelSelector: {} }] } } } });
    cache.setPod(anti);
    expect([cache.anyPodWithRequiredAntiAffinity, cache.anyPodWithAffinity]).toEqual([true, true]);
    cache.removePod(anti.key);
    expect([cache.anyPodWithRequiredAntiAffinity, cache.anyPodWithAffinity]).toEqual([false, false]);
    cache.setNode(nodeObject('n2', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }));
    expect(cache.anyNodeWithPreferNoScheduleTaint).toBe(true);
    cache.removeNode('n2');
    expect(cache.anyNodeWithPreferNoScheduleTaint).toBe(false);
  });
});

describe('zoneInterleaved', () => {
  it('takes zones in turn, as Kubernetes node tree does', () => {
    const cache = new SchedulerCache();
    for (const [name, zone] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'], ['c1', 'c'], ['b2', 'b']]) {
      cache.setNode(nodeObject(name ?? '', { labels: { 'topology.kubernetes.io/zone': zone ?? '' } }));
    }
    expect(cache.nodeList().map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(zoneInterleaved([])).toEqual([]);
  });
});
