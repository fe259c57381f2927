import { describe, expect, it } from 'vitest';
import { addressingFor } from './addresses.ts';
import { buildNode, nodeNameOfProviderId, nodeStatus, providerIdOf, SIMULATED_KUBELET_VERSION, type NodeShape } from './node-object.ts';
import { poolSettings, simulatedOptionsSchema } from './options.ts';

const NOW = new Date('2025-03-01T10:00:00.123Z');

function shape(options: unknown = {}): NodeShape {
  return {
    name: 'sim-1',
    settings: poolSettings('sim', simulatedOptionsSchema.parse(options)),
    addressing: addressingFor(1),
    zone: 'sim-b',
    claimLabels: { 'kubernel.dev/node-pool': 'sim' },
  };
}

describe('buildNode', () => {
  it('registers a Ready node with the labels, addresses and capacity kubelet reports', () => {
    const node = buildNode(shape({ capacity: { cpu: '8', memory: '16Gi', pods: 50 } }), NOW);
    expect(node.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/hostname': 'sim-1',
      'node.kubernetes.io/instance-type': 'sim-8cpu-16gi',
      'topology.kubernetes.io/zone': 'sim-b',
      'kubernel.dev/node-pool': 'sim',
    });
    expect(node['spec']).toEqual({ podCIDR: '10.0.1.0/24', podCIDRs: ['10.0.1.0/24'], providerID: 'simulated://sim-1' });
    const status = node['status'] as Record<string, unknown>;
    expect(status['capacity']).toEqual({ cpu: '8', 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16Gi', pods: '50' });
    expect(status['allocatable']).toEqual(status['capacity']);
    expect(status['addresses']).toEqual([
      { type: 'InternalIP', address: '172.16.0.3' },
      { type: 'Hostname', address: 'sim-1' },
    ]);
    expect(status['conditions']).toEqual([
      expect.objectContaining({ type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' }),
      expect.objectContaining({ type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure' }),
      expect.objectContaining({ type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID' }),
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2025-03-01T10:00:00Z', lastTransitionTime: '2025-03-01T10:00:00Z' },
    ]);
    expect(status['nodeInfo']).toMatchObject({ kubeletVersion: SIMULATED_KUBELET_VERSION, operatingSystem: 'linux', architecture: 'amd64' });
  });

  it('lets pool labels override the well-known ones, but never the hostname', () => {
    const node = buildNode(shape({ labels: { 'topology.kubernetes.io/zone': 'mine', 'kubernetes.io/hostname': 'other', tier: 'gpu' } }), NOW);
    expect(node.metadata.labels).toMatchObject({ 'topology.kubernetes.io/zone': 'mine', 'kubernetes.io/hostname': 'sim-1', tier: 'gpu' });
  });

  it('registers with the pool taints', () => {
    const node = buildNode(shape({ taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }), NOW);
    expect((node['spec'] as Record<string, unknown>)['taints']).toEqual([{ key: 'gpu', value: 'true', effect: 'NoSchedule' }]);
  });

  it('keeps the machine id of a name across runs', () => {
    const a = buildNode(shape(), NOW)['status'] as { nodeInfo: { machineID: string; systemUUID: string } };
    const b = buildNode(shape(), new Date())['status'] as { nodeInfo: { machineID: string; systemUUID: string } };
    expect(a.nodeInfo.machineID).toBe(b.nodeInfo.machineID);
    expect(a.nodeInfo.systemUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('nodeStatus on a node taken over', () => {
  it('keeps lastTransitionTime of unchanged conditions and moves the heartbeat', () => {
    const previous = { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }, { type: 'DiskPressure', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }] };
    const conditions = nodeStatus(shape(), NOW, previous)['conditions'] as Record<string, unknown>[];
    expect(conditions.find((c) => c['type'] === 'Ready')).toMatchObject({ lastTransitionTime: '2025-01-01T00:00:00Z', lastHeartbeatTime: '2025-03-01T10:00:00Z' });
    expect(conditions.find((c) => c['type'] === 'DiskPressure')).toMatchObject({ status: 'False', lastTransitionTime: '2025-03-01T10:00:00Z' });
  });
});

describe('provider ids', () => {
  it.each([
    ['simulated://sim-0', 'sim-0'],
    ['simulated://', undefined],
    ['aws:///us-east-1a/i-123', undefined],
  ])('%s names node %s', (id, name) => {
    expect(nodeNameOfProviderId(id)).toBe(name);
  });

  it('round-trips a node name', () => {
    expect(nodeNameOfProviderId(providerIdOf('a-b-7'))).toBe('a-b-7');
  });
});
