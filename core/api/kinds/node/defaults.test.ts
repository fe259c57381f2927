import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultNode } from './defaults.ts';

function node(body: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, ...body };
}

describe('defaultNode', () => {
  it('copies capacity into a missing allocatable', () => {
    const obj = node({ status: { capacity: { cpu: '4', memory: '16Gi', pods: '110' } } });
    defaultNode(obj);
    expect(obj['status']).toEqual({
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
    });
  });

  it('keeps an explicit allocatable', () => {
    const obj = node({ status: { capacity: { cpu: '4' }, allocatable: { cpu: '3800m' } } });
    defaultNode(obj);
    expect(obj['status']).toEqual({ capacity: { cpu: '4' }, allocatable: { cpu: '3800m' } });
  });

  it('turns a lone podCIDR into podCIDRs', () => {
    const obj = node({ spec: { podCIDR: '10.244.1.0/24' } });
    defaultNode(obj);
    expect(obj['spec']).toEqual({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
  });

  it('shows the first of podCIDRs as podCIDR', () => {
    const obj = node({ spec: { podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] } });
    defaultNode(obj);
    expect(obj['spec']).toEqual({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] });
  });

  it('leaves a node without spec alone', () => {
    const obj = node({});
    defaultNode(obj);
    expect(obj).toEqual(node({}));
  });
});
