import { describe, expect, it } from 'vitest';
import { pod } from '../plugins/test-fixtures.ts';
import { MutableNodeInfo } from './node-info.ts';

const antiAffinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'x', labelSelector: {} }] } };

describe('MutableNodeInfo', () => {
  it('removes any of its pods, whatever their order, keeping the sums and the affinity lists right', () => {
    const node = new MutableNodeInfo('n1');
    const plain = ['a', 'b', 'c', 'd'].map((name, i) => pod(name, { nodeName: 'n1', requests: { cpu: `${i + 1}` } }));
    const anti = pod('anti', { nodeName: 'n1', requests: { cpu: '10' }, spec: { affinity: antiAffinity } });
    for (const p of [...plain, anti]) node.addPod(p);
    expect(node.requested.milliCPU).toBe(20_000);

    expect(node.removePod('ns/missing')).toBe(false);
    expect(node.removePod(plain[0]?.key ?? '')).toBe(true);
    expect(node.removePod(plain[0]?.key ?? '')).toBe(false);
    expect(node.removePod(anti.key)).toBe(true);
    expect(node.pods.map((p) => p.name).sort()).toEqual(['b', 'c', 'd']);
    expect([node.podsWithAffinity, node.podsWithRequiredAntiAffinity]).toEqual([[], []]);
    expect(node.requested.milliCPU).toBe(9_000);

    // Every pod left is still found where it now stands.
    for (const p of plain.slice(1)) expect(node.removePod(p.key)).toBe(true);
    expect(node.pods).toEqual([]);
    expect(node.requested.milliCPU).toBe(0);
    node.addPod(plain[2] ?? anti);
    expect(node.removePod(plain[2]?.key ?? '')).toBe(true);
  });
});
