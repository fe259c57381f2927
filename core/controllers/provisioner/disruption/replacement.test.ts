import { describe, expect, it } from 'vitest';
import type { NodeRequirement } from '../../../api/kinds/nodepool/types.ts';
import { cheaperInstanceTypes, hypotheticalNode, poolAllows, replacementClaim, replacementZone } from './replacement.ts';
import { instanceType, pod, pool } from './test-fixtures.ts';

const poolWith = (requirements: NodeRequirement[]) => pool('default', {}, { template: { spec: { requirements }, metadata: { labels: { team: 'web' } } } });
const catalog = [
  instanceType('m.xlarge', 4000, 0.192),
  instanceType('c.medium', 1000, 0.05, { arch: 'arm64', zones: ['zone-b'] }),
  instanceType('m.large', 2000, 0.096, { zones: ['zone-a', 'zone-b'] }),
  instanceType('m.large-spot', 2000, 0.03, { capacityType: 'spot' }),
];
const current = instanceType('m.2xlarge', 8000, 0.384);

describe('cheaperInstanceTypes: the replacement candidates', () => {
  it.each<[string, NodeRequirement[], string[]]>([
    ['every cheaper type, cheapest first', [], ['m.large-spot', 'c.medium', 'm.large', 'm.xlarge']],
    ['on-demand only', [{ key: 'kubernel.dev/capacity-type', operator: 'In', values: ['on-demand'] }], ['c.medium', 'm.large', 'm.xlarge']],
    ['amd64 only', [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }], ['m.large-spot', 'm.large', 'm.xlarge']],
    ['not the m.large', [{ key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['m.large'] }], ['m.large-spot', 'c.medium', 'm.xlarge']],
    ['a zone only some offer', [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] }], ['c.medium', 'm.large']],
    ['by family', [{ key: 'kubernel.dev/instance-family', operator: 'In', values: ['c'] }], ['c.medium']],
    ['labels the pool sets itself do not filter', [{ key: 'team', operator: 'In', values: ['web'] }], ['m.large-spot', 'c.medium', 'm.large', 'm.xlarge']],
  ])('%s', (_, requirements, expected) => {
    expect(cheaperInstanceTypes(poolWith(requirements), catalog, current).map((t) => t.name)).toEqual(expected);
  });

  it('never offers the same price or more', () => {
    expect(cheaperInstanceTypes(poolWith([]), catalog, instanceType('m.large', 2000, 0.096)).map((t) => t.name)).toEqual(['m.large-spot', 'c.medium']);
    expect(poolAllows(poolWith([{ key: 'kubernetes.io/arch', operator: 'DoesNotExist' }]), instanceType('x', 1, 1))).toBe(false);
  });
});


describe('replacementZone', () => {
  const large = instanceType('m.large', 2000, 0.096, { zones: ['zone-a', 'zone-b'] });
  it.each<[string, NodeRequirement[], string | undefined, string | undefined]>([
    ['the candidate zone when offered', [], 'zone-b', 'zone-b'],
    ['the first zone when the candidate zone is not offered', [], 'zone-c', 'zone-a'],
    ['only zones the pool allows', [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['zone-a'] }], undefined, 'zone-b'],
  ])('%s', (_, requirements, preferred, expected) => {
    expect(replacementZone(poolWith(requirements), large, preferred)).toBe(expected);
  });
});

describe('the node and claim of a replacement', () => {
  it('the simulated node carries what the pool and the type would give it', () => {
    const node = hypotheticalNode(poolWith([{ key: 'example.com/tier', operator: 'In', values: ['gold'] }]), instanceType('m.large', 2000, 0.096), 'zone-a', 'x');
    expect(node.metadata.labels).toMatchObject({ team: 'web', 'example.com/tier': 'gold', 'node.kubernetes.io/instance-type': 'm.large', 'topology.kubernetes.io/zone': 'zone-a', 'kubernel.dev/node-pool': 'default' });
    expect(node['status']).toMatchObject({ allocatable: { cpu: '2', pods: '110' } });
  });

  it('the claim is written as the provisioner writes one', () => {
    const types = [instanceType('m.large', 2000, 0.096), instanceType('m.xlarge', 4000, 0.192)];
    const claim = replacementClaim(poolWith([]), types, 'zone-a', [pod('a', 'n', { cpu: '500m' }), pod('b', 'n', { cpu: '1' })]);
    expect(claim.metadata).toMatchObject({ generateName: 'default-', labels: { 'kubernel.dev/node-pool': 'default', team: 'web' }, annotations: { 'kubernel.dev/pods': '2' } });
    expect(claim.spec.requirements[0]).toEqual({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m.large', 'm.xlarge'] });
    // No zone requirement on the pool: the replacement may launch in any zone.
    expect(claim.spec.requirements.some((r) => r.key === 'topology.kubernetes.io/zone')).toBe(false);
    expect(claim.spec.resources?.requests).toMatchObject({ cpu: '1500m', pods: '2' });
  });
});
