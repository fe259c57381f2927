import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import type { InstanceType } from '../../contracts/node-provider.ts';
import { assignedNodeOf } from '../scheduler/cache/pod-info.ts';
import { clusterInput, type ClusterObjects } from './cluster-input.ts';

const small: InstanceType = { name: 'small', cpuMillis: 2000, memoryBytes: 4 * 2 ** 30, pods: 20, arch: 'amd64', zones: ['z1', 'z2'], capacityType: 'on-demand', pricePerHour: 0.1 };
const large: InstanceType = { ...small, name: 'large', cpuMillis: 8000, memoryBytes: 16 * 2 ** 30, pricePerHour: 0.4 };
const unschedulable = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] };

function pod(name: string, extra: { nodeName?: string; status?: Record<string, unknown> } = {}): KubeObject {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { ...(extra.nodeName === undefined ? {} : { nodeName: extra.nodeName }), containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '500m' } } }] },
    status: extra.status ?? unschedulable,
  };
}

function node(name: string, pool: string | undefined, cpu = '2'): KubeObject {
  return {
    metadata: { name, uid: `uid-${name}`, labels: pool === undefined ? {} : { 'kubernel.dev/node-pool': pool } },
    status: { capacity: { cpu, memory: '4Gi', pods: '20' }, allocatable: { cpu, memory: '4Gi', pods: '20' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function claim(name: string, conditions: { type: string; status: string }[], extra: { nodeName?: string; labels?: Record<string, string> } = {}): KubeObject {
  return {
    metadata: { name, labels: { 'kubernel.dev/node-pool': 'burst', ...extra.labels } },
    spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['small', 'large'] }] },
    status: { conditions, ...(extra.nodeName === undefined ? {} : { nodeName: extra.nodeName }) },
  };
}

const burst: KubeObject = { metadata: { name: 'burst', uid: 'pool-uid' }, spec: { provider: 'local', max: 5, limits: { cpu: '20' }, weight: 10 } };

function objects(overrides: Partial<ClusterObjects>): ClusterObjects {
  return { pods: [], nodes: [], claims: [], pools: [burst], instanceTypesOf: () => [small, large], nominatedClaimOf: () => undefined, ...overrides };
}

describe('clusterInput', () => {
  it('offers running nodes with their pods, and keeps the node of a claim still launching out of them', () => {
    const input = clusterInput(
      objects({
        nodes: [node('static-0', 'local'), node('burst-a', 'burst')],
        claims: [claim('burst-a', [{ type: 'Launched', status: 'True' }, { type: 'Registered', status: 'True' }], { nodeName: 'burst-a' })],
        pods: [pod('bound', { nodeName: 'static-0', status: { phase: 'Running' } })],
      }),
    );
    expect(input.nodes.map((n) => n.name)).toEqual(['static-0']);
    expect(input.nodes[0]?.pods.map((p) => p.name)).toEqual(['bound']);
    expect(input.launching.map((l) => ({ name: l.name, types: l.instanceTypes.map((t) => t.name) }))).toEqual([{ name: 'burst-a', types: ['small', 'large'] }]);
  });

  it('gives pods nominated to a launching claim to that claim, and those of a ready claim back to the pending', () => {
    const input = clusterInput(
      objects({
        claims: [claim('burst-new', []), claim('burst-ready', [{ type: 'Initialized', status: 'True' }], { nodeName: 'burst-ready' })],
        pods: [pod('a'), pod('b'), pod('c')],
        nominatedClaimOf: (key) => ({ 'default/a': 'burst-new', 'default/b': 'burst-ready' })[key],
      }),
    );
    expect(input.launching.find((l) => l.name === 'burst-new')?.pods.map((p) => p.name)).toEqual(['a']);
    expect(input.pending.map((p) => p.name).sort()).toEqual(['b', 'c']);
  });

  it('places again the pods of a node whose claim or Node is being deleted, and offers that node to none', () => {
    const deleting = '2026-01-01T00:00:00Z';
    const goingNode: KubeObject = { ...node('burst-b', 'burst'), metadata: { ...node('burst-b', 'burst').metadata, deletionTimestamp: deleting } };
    const running = { status: { phase: 'Running' } };
    const daemonPod: KubeObject = { ...pod('agent', { nodeName: 'burst-a', ...running }), metadata: { name: 'agent', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds' }] } };
    const evicted: KubeObject = { ...pod('evicted', { nodeName: 'burst-a', ...running }), metadata: { name: 'evicted', namespace: 'default', deletionTimestamp: deleting } };
    const input = clusterInput(
      objects({
        nodes: [node('static-0', 'local'), node('burst-a', 'burst'), goingNode],
        claims: [
          { ...claim('burst-a', [{ type: 'Initialized', status: 'True' }], { nodeName: 'burst-a' }), metadata: { name: 'burst-a', labels: { 'kubernel.dev/node-pool': 'burst' }, deletionTimestamp: deleting } },
          claim('burst-new', []),
        ],
        pods: [
          pod('web-1', { nodeName: 'burst-a', ...running }),
          pod('web-2', { nodeName: 'burst-b', ...running }),
          pod('done', { nodeName: 'burst-a', status: { phase: 'Succeeded' } }),
          daemonPod,
          evicted,
          pod('stays', { nodeName: 'static-0', ...running }),
          pod('waiting'),
        ],
        // A pod of a going node already nominated to a launching claim stays with it, as a pending one would.
        nominatedClaimOf: (key) => (key === 'default/web-2' ? 'burst-new' : undefined),
      }),
    );
    expect(input.nodes.map((n) => n.name)).toEqual(['static-0']);
    expect(input.pending.map((p) => p.name).sort()).toEqual(['waiting', 'web-1']);
    expect(input.launching.find((l) => l.name === 'burst-new')?.pods.map((p) => p.name)).toEqual(['web-2']);
    expect([...input.rescheduling].sort()).toEqual(['default/web-1', 'default/web-2']);
    // Planned as if unbound: the scheduler's NodeName filter would hold them to the going node.
    expect([...input.pending, ...(input.launching[0]?.pods ?? [])].map((p) => assignedNodeOf(p.pod))).toEqual(['', '', '']);
    // The going nodes count against the pool until they are gone, beside the launching claim.
    expect(input.pools[0]?.usage.nodes).toBe(3);
  });

  it('counts a pool’s nodes and launching claims (as their launched or first type) against its limits', () => {
    const input = clusterInput(
      objects({
        nodes: [node('burst-a', 'burst', '4')],
        claims: [claim('burst-a', [{ type: 'Initialized', status: 'True' }], { nodeName: 'burst-a' }), claim('burst-b', [], { labels: { 'node.kubernetes.io/instance-type': 'large' } })],
      }),
    );
    expect(input.pools).toEqual([
      expect.objectContaining({ name: 'burst', weight: 10, maxNodes: 5, limits: { cpuMillis: 20_000 }, usage: { nodes: 2, cpuMillis: 4000 + 8000, memoryBytes: 4 * 2 ** 30 + 16 * 2 ** 30 } }),
    ]);
  });

  it('leaves out pools whose provider does not run, and deleted pools', () => {
    const gone: KubeObject = { metadata: { name: 'gone', deletionTimestamp: '2026-01-01T00:00:00Z' }, spec: { provider: 'local' } };
    const input = clusterInput(objects({ pools: [burst, gone], instanceTypesOf: (pool) => (pool.metadata.name === 'burst' ? undefined : [small]) }));
    expect(input.pools).toEqual([]);
  });
});
