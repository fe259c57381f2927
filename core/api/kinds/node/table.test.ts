import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { findNodeRoles, nodeTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function node(labels: Record<string, string>, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', labels, creationTimestamp: '2024-05-20T12:00:00Z' },
    spec,
    status,
  };
}

const nodeInfo = {
  kubeletVersion: 'v1.30.2',
  osImage: 'Ubuntu 22.04.4 LTS',
  kernelVersion: '6.5.0-1022-aws',
  containerRuntimeVersion: 'containerd://1.7.18',
};
const addresses = [
  { type: 'InternalIP', address: '192.168.1.10' },
  { type: 'Hostname', address: 'node-1' },
  { type: 'ExternalIP', address: '203.0.113.10' },
];
const ready = (status: string) => ({ conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status }] });

describe('nodeTable', () => {
  it('has printNode columns', () => {
    expect(nodeTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Status', 0],
      ['Roles', 0],
      ['Age', 0],
      ['Version', 0],
      ['Internal-IP', 1],
      ['External-IP', 1],
      ['OS-Image', 1],
      ['Kernel-Version', 1],
      ['Container-Runtime', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'ready control plane',
      node({ 'node-role.kubernetes.io/control-plane': '' }, {}, { ...ready('True'), nodeInfo, addresses }),
      ['node-1', 'Ready', 'control-plane', '12d', 'v1.30.2', '192.168.1.10', '203.0.113.10', 'Ubuntu 22.04.4 LTS', '6.5.0-1022-aws', 'containerd://1.7.18'],
    ],
    [
      'cordoned worker without roles',
      node({ 'kubernetes.io/hostname': 'node-1' }, { unschedulable: true }, { ...ready('True'), nodeInfo, addresses: addresses.slice(0, 2) }),
      ['node-1', 'Ready,SchedulingDisabled', '<none>', '12d', 'v1.30.2', '192.168.1.10', '<none>', 'Ubuntu 22.04.4 LTS', '6.5.0-1022-aws', 'containerd://1.7.18'],
    ],
    [
      'not ready',
      node({}, {}, { ...ready('False'), nodeInfo }),
      ['node-1', 'NotReady', '<none>', '12d', 'v1.30.2', '<none>', '<none>', 'Ubuntu 22.04.4 LTS', '6.5.0-1022-aws', 'containerd://1.7.18'],
    ],
    [
      'no Ready condition yet, nothing reported',
      node({}, { unschedulable: true }, {}),
      ['node-1', 'Unknown,SchedulingDisabled', '<none>', '12d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(nodeTable.cells(obj, now)).toEqual(cells);
  });

  it.each<[Record<string, string>, string[]]>([
    [{}, []],
    [{ 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': 'true' }, ['control-plane', 'worker']],
    [{ 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/master': '' }, ['master']],
    [{ 'kubernetes.io/role': '', 'node-role.kubernetes.io/': '' }, []],
    [{ 'kubernetes.io/role': 'infra' }, ['infra']],
  ])('roles of %j', (labels, roles) => {
    expect(findNodeRoles(node(labels, {}, {}))).toEqual(roles);
  });
});
