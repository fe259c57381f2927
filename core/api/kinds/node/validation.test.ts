import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultNode } from './defaults.ts';
import { validateNode, validateNodeUpdate } from './validation.ts';

function node(body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1.example.com', ...meta }, ...structuredClone(body) };
}

/** A node as the kubelet registers it and the node IPAM controller completes it. */
const registered = {
  spec: {
    podCIDR: '10.244.1.0/24',
    providerID: 'kind://docker/kind/kind-worker',
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  },
  status: {
    capacity: { cpu: '4', 'ephemeral-storage': '102625208Ki', 'hugepages-2Mi': '0', memory: '16331856Ki', pods: '110' },
    allocatable: { cpu: '3800m', memory: '15000Mi', pods: '110' },
    addresses: [
      { type: 'InternalIP', address: '172.18.0.2' },
      { type: 'Hostname', address: 'kind-worker' },
    ],
    conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-05-01T10:00:00Z', reason: 'KubeletReady' }],
    nodeInfo: { kubeletVersion: 'v1.30.0', operatingSystem: 'linux', architecture: 'amd64' },
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  },
};

describe('validateNode', () => {
  it.each([
    ['a registered node', node(registered)],
    ['a bare node', node({})],
    ['a dual-stack node', node({ spec: { podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] } })],
    ['an extended resource', node({ status: { capacity: { 'example.com/gpu': '2' } } })],
    ['the same key with two effects', node({ spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoExecute' }] } })],
  ])('accepts %s', (_, obj) => {
    defaultNode(obj);
    expect(validateNode(obj)).toEqual([]);
  });

  it.each([
    ['a namespaced node', node({}, { namespace: 'default' }), 'FieldValueForbidden', 'metadata.namespace'],
    ['an uppercase name', node({}, { name: 'Worker' }), 'FieldValueInvalid', 'metadata.name'],
    ['an unknown effect', node({ spec: { taints: [{ key: 'k', effect: 'NoAdmit' }] } }), 'FieldValueNotSupported', 'metadata.taints[0].effect'],
    ['a taint without effect', node({ spec: { taints: [{ key: 'k' }] } }), 'FieldValueRequired', 'metadata.taints[0].effect'],
    ['a bad taint key', node({ spec: { taints: [{ key: 'bad key', effect: 'NoSchedule' }] } }), 'FieldValueInvalid', 'metadata.taints[0].key'],
    ['a bad taint value', node({ spec: { taints: [{ key: 'k', value: 'a b', effect: 'NoSchedule' }] } }), 'FieldValueInvalid', 'metadata.taints[0].value'],
    [
      'a repeated key and effect',
      node({ spec: { taints: [{ key: 'k', value: 'a', effect: 'NoSchedule' }, { key: 'k', value: 'b', effect: 'NoSchedule' }] } }),
      'FieldValueDuplicate',
      'metadata.taints[1]',
    ],
    ['a malformed podCIDR', node({ spec: { podCIDR: '10.244.1.0' } }), 'FieldValueInvalid', 'spec.podCIDRs[0]'],
    ['host bits in podCIDR', node({ spec: { podCIDR: '10.244.1.1/24' } }), 'FieldValueInvalid', 'spec.podCIDRs[0]'],
    ['two IPv4 pod CIDRs', node({ spec: { podCIDRs: ['10.244.1.0/24', '10.245.1.0/24'] } }), 'FieldValueInvalid', 'spec.podCIDRs'],
    ['negative capacity', node({ status: { capacity: { memory: '-1Gi' } } }), 'FieldValueInvalid', 'status.capacity.memory'],
    ['fractional pods', node({ status: { allocatable: { pods: '1.5' } } }), 'FieldValueInvalid', 'status.allocatable.pods'],
    ['a malformed quantity', node({ status: { capacity: { cpu: 'four' } } }), 'FieldValueInvalid', 'status.capacity.cpu'],
    ['unschedulable as text', node({ spec: { unschedulable: 'yes' } }), 'FieldValueTypeInvalid', 'spec.unschedulable'],
    ['taints as an object', node({ spec: { taints: { key: 'k' } } }), 'FieldValueTypeInvalid', 'spec.taints'],
  ])('rejects %s', (_, obj, type, field) => {
    expect(summary(validateNode(obj))).toEqual([[type, field]]);
  });

  it('explains a duplicate taint', () => {
    const obj = node({ spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }] } });
    expect(validateNode(obj)[0]?.message).toMatch(/^Duplicate value: .*: taints must be unique by key and effect pair$/);
  });

  it('lists taint effects in Kubernetes order', () => {
    const obj = node({ spec: { taints: [{ key: 'k', effect: 'Never' }] } });
    expect(validateNode(obj)[0]?.message).toBe(
      'Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    );
  });
});

describe('validateNodeUpdate', () => {
  const meta = { resourceVersion: '100', uid: 'u' };
  const stored = node(registered, meta);
  defaultNode(stored);

  function changed(mutate: (body: typeof registered & { spec: Record<string, unknown> }) => void): KubeObject {
    const body = structuredClone(registered);
    mutate(body);
    const obj = node(body, meta);
    defaultNode(obj);
    return obj;
  }

  it('accepts a cordon, a new taint and a status refresh', () => {
    const next = changed((b) => {
      b.spec['unschedulable'] = true;
      b.spec.taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
      b.status.conditions[0] = { ...b.status.conditions[0], lastHeartbeatTime: '2024-05-01T10:00:40Z', type: 'Ready', status: 'True', reason: 'KubeletReady' };
    });
    expect(validateNodeUpdate(next, stored)).toEqual([]);
  });

  it('lets the IPAM controller assign a first podCIDR', () => {
    const fresh = node({}, meta);
    const assigned = node({ spec: { podCIDR: '10.244.2.0/24' } }, meta);
    defaultNode(assigned);
    expect(validateNodeUpdate(assigned, fresh)).toEqual([]);
  });

  it.each([
    ['a podCIDR change', (b: { spec: Record<string, unknown> }) => (b.spec['podCIDR'] = '10.244.9.0/24'), 'FieldValueForbidden', 'spec.podCIDRs'],
    ['a providerID change', (b: { spec: Record<string, unknown> }) => (b.spec['providerID'] = 'aws:///i-1'), 'FieldValueForbidden', 'spec.providerID'],
    ['an externalID change', (b: { spec: Record<string, unknown> }) => (b.spec['externalID'] = 'x'), 'FieldValueForbidden', 'spec.externalID'],
  ])('refuses %s', (_, mutate, type, field) => {
    expect(summary(validateNodeUpdate(changed(mutate), stored))).toEqual([[type, field]]);
  });

  it('refuses duplicate addresses', () => {
    const next = changed((b) => b.status.addresses.push({ type: 'Hostname', address: 'kind-worker' }));
    expect(summary(validateNodeUpdate(next, stored))).toEqual([['FieldValueDuplicate', 'status.addresses[2]']]);
  });
});
