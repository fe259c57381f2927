import { describe, expect, it } from 'vitest';
import { isRecord } from '../api/types/meta.ts';
import type { HostFacts } from './host-facts.ts';
import { buildNode, nodeStatus, type NodeShape } from './node-object.ts';

const facts: HostFacts = {
  hostname: 'box',
  cpuCores: 2,
  memoryBytes: 25_000_000_000,
  ephemeralStorageBytes: 100_000_000_000,
  machineID: 'm1',
  systemUUID: 'u1',
  bootID: 'b1',
  kernelVersion: '6.1.0',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  architecture: 'amd64',
};

const shape = (overrides: Partial<NodeShape> = {}): NodeShape => ({
  name: 'node-a',
  facts,
  capacity: {},
  labels: { 'kubernel.dev/node-pool': 'local' },
  taints: [],
  internalIP: '127.0.0.1',
  serverPort: 40123,
  runtimeVersion: 'docker://20.10.24',
  ...overrides,
});

describe('the Node an agent registers', () => {
  it('reports the host, its endpoint and kubelet labels', () => {
    const node = buildNode(shape(), new Date('2026-11-26T10:00:00Z'));
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'node-a', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'kubernel.dev/node-pool': 'local' });
    expect(node['status']).toMatchObject({
      capacity: { cpu: '2', memory: '25000000000', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: 'node-a' }],
      daemonEndpoints: { kubeletEndpoint: { Port: 40123 } },
      nodeInfo: { containerRuntimeVersion: 'docker://20.10.24', osImage: 'Debian GNU/Linux 12 (bookworm)', architecture: 'amd64' },
    });
  });

  it('offers the configured capacity instead of the host figures', () => {
    const status = nodeStatus(shape({ capacity: { cpu: '8', memory: '16Gi', pods: 20 } }), new Date(), undefined);
    expect(status['allocatable']).toMatchObject({ cpu: '8', memory: '16Gi', pods: '20' });
  });

  it('keeps lastTransitionTime while Ready stays True, and resets it after Unknown', () => {
    const first = nodeStatus(shape(), new Date('2026-11-26T10:00:00Z'), undefined);
    const again = nodeStatus(shape(), new Date('2026-11-26T10:05:00Z'), first);
    const ready = (status: Record<string, unknown>): Record<string, unknown> =>
      (Array.isArray(status['conditions']) ? status['conditions'].filter(isRecord) : []).find((c) => c['type'] === 'Ready') ?? {};
    expect(ready(again)).toMatchObject({ status: 'True', lastTransitionTime: '2026-11-26T10:00:00Z', lastHeartbeatTime: '2026-11-26T10:05:00Z' });
    const unknown = { conditions: [{ type: 'Ready', status: 'Unknown', lastTransitionTime: '2026-11-26T10:06:00Z' }] };
    expect(ready(nodeStatus(shape(), new Date('2026-11-26T10:07:00Z'), unknown))).toMatchObject({ status: 'True', reason: 'KubeletReady', lastTransitionTime: '2026-11-26T10:07:00Z' });
  });
});
