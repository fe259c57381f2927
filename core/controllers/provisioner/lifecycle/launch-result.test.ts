import { describe, expect, it } from 'vitest';
import type { NodeClaimObject, NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import { launchedMessage, nodeLabelsFor, podCountOf, resourcesOf, type Launched } from './launch-result.ts';

const m6iLarge: InstanceType = { name: 'm6i.large', cpuMillis: 2000, memoryBytes: 8 * 2 ** 30, pods: 29, arch: 'amd64', zones: ['us-east-1a'], capacityType: 'on-demand', pricePerHour: 0.096 };
const launched: Launched = { instanceType: m6iLarge, zone: 'us-east-1a', capacityType: 'on-demand' };

describe('launchedMessage', () => {
  it.each<[string, Launched, number | undefined, string]>([
    ['with the pod count', launched, 7, 'launched m6i.large in us-east-1a (on-demand) for 7 pods, $0.096/h'],
    ['one pod', launched, 1, 'launched m6i.large in us-east-1a (on-demand) for 1 pod, $0.096/h'],
    ['without a pod count', launched, undefined, 'launched m6i.large in us-east-1a (on-demand), $0.096/h'],
    ['a spot machine the provider placed', { ...launched, zone: undefined, capacityType: 'spot' }, 2, 'launched m6i.large (spot) for 2 pods, $0.096/h'],
  ])('%s', (_what, what, pods, message) => {
    expect(launchedMessage(what, pods)).toBe(message);
  });
});

describe('podCountOf', () => {
  it.each<[Record<string, string> | undefined, number | undefined]>([
    [{ 'kubernel.dev/pods': '7' }, 7],
    [{ 'kubernel.dev/pods': 'many' }, undefined],
    [undefined, undefined],
  ])('reads %j as %s', (annotations, count) => {
    expect(podCountOf({ metadata: annotations === undefined ? {} : { annotations } })).toBe(count);
  });
});

it('gives a claim the capacity of its type', () => {
  expect(resourcesOf(m6iLarge)).toEqual({ cpu: '2', memory: '8Gi', pods: '29' });
});

it('labels the node with the pool labels, the well-known labels and the claim single-valued requirements', () => {
  const pool: NodePoolObject = { metadata: { name: 'general' }, spec: { provider: 'aws', template: { metadata: { labels: { team: 'web' } } } } };
  const claim: NodeClaimObject = {
    metadata: { name: 'general-abcde' },
    spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large', 'm6i.xlarge'] }, { key: 'tier', operator: 'In', values: ['gold'] }] },
  };
  expect(nodeLabelsFor(claim, pool, launched)).toEqual({
    team: 'web',
    tier: 'gold',
    'node.kubernetes.io/instance-type': 'm6i.large',
    'topology.kubernetes.io/zone': 'us-east-1a',
    'kubernel.dev/capacity-type': 'on-demand',
    'kubernetes.io/arch': 'amd64',
    'kubernel.dev/instance-family': 'm6i',
    'kubernel.dev/node-pool': 'general',
    'kubernel.dev/node-claim': 'general-abcde',
    'kubernel.dev/node-provider': 'aws',
  });
});
