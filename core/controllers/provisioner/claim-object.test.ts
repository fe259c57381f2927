import { describe, expect, it } from 'vitest';
import type { NodePoolObject } from '../../api/kinds/nodepool/types.ts';
import type { InstanceType } from '../../contracts/node-provider.ts';
import { claimObjectFor, describeChoice, type ClaimDecision } from './claim-object.ts';

const type = (name: string, pricePerHour: number): InstanceType => ({ name, cpuMillis: 2000, memoryBytes: 2 ** 33, pods: 29, arch: 'amd64', zones: ['us-east-1a'], capacityType: 'on-demand', pricePerHour });

const pool: NodePoolObject = {
  metadata: { name: 'general', uid: 'pool-uid' },
  spec: {
    provider: 'aws',
    template: {
      metadata: { labels: { team: 'web' } },
      spec: {
        requirements: [
          { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large', 'm6i.xlarge'] },
        ],
        taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
      },
    },
  },
};

const decision: ClaimDecision = {
  pool,
  instanceTypes: [type('m6i.large', 0.096), type('m6i.xlarge', 0.192)],
  zone: 'us-east-1a',
  capacityTypes: ['on-demand'],
  podCount: 7,
  requests: { cpuMillis: 1500, memoryBytes: 2 ** 31, pods: 7 },
};

describe('claimObjectFor', () => {
  it('pins the candidates cheapest first, the zone and capacity type, and keeps the pool’s other requirements', () => {
    const claim = claimObjectFor(decision);
    expect(claim.spec.requirements).toEqual([
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large', 'm6i.xlarge'] },
      { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a'] },
      { key: 'kubernel.dev/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
    ]);
    expect(claim.spec.resources).toEqual({ requests: { cpu: '1500m', memory: String(2 ** 31), pods: '7' } });
    expect(claim.spec.taints).toEqual([{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }]);
  });

  it('is named after, labelled with and owned by its pool, and says how many pods it is for', () => {
    const claim = claimObjectFor(decision);
    expect(claim.metadata).toMatchObject({
      generateName: 'general-',
      labels: { team: 'web', 'kubernel.dev/node-pool': 'general' },
      annotations: { 'kubernel.dev/pods': '7' },
      ownerReferences: [{ apiVersion: 'kubernel.dev/v1alpha1', kind: 'NodePool', name: 'general', uid: 'pool-uid', blockOwnerDeletion: true }],
    });
  });

  it.each<[string, ClaimDecision, string]>([
    ['several candidates', decision, 'm6i.large in us-east-1a ($0.096/h), cheapest of 2 types that fit'],
    ['one candidate, any zone', { ...decision, instanceTypes: [type('local', 0)], zone: undefined }, 'local ($0.000/h)'],
  ])('explains the choice with %s', (_name, input, text) => {
    expect(describeChoice(input)).toBe(text);
  });
});
