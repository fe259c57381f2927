import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import type { InstanceType } from '../../contracts/node-provider.ts';
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
