import { describe, expect, it } from 'vitest';
import type { NodeRequirement } from '../../../api/kinds/nodepool/types.ts';
import { PoolCatalog, requirementAllows } from './pool-catalog.ts';
import { instanceType, pending, pool } from './test-fixtures.ts';

describe('requirementAllows', () => {
  it.each<[NodeRequirement, string | undefined, boolean]>([
    [{ key: 'k', operator: 'In', values: ['a', 'b'] }, 'b', true],
    [{ key: 'k', operator: 'In', values: ['a'] }, undefined, false],
    [{ key: 'k', operator: 'NotIn', values: ['a'] }, undefined, true],
    [{ key: 'k', operator: 'NotIn', values: ['a'] }, 'a', false],
    [{ key: 'k', operator: 'Exists' }, '', true],
    [{ key: 'k', operator: 'DoesNotExist' }, 'x', false],
    [{ key: 'k', operator: 'Gt', values: ['4'] }, '8', true],
    [{ key: 'k', operator: 'Lt', values: ['4'] }, '8', false],
    [{ key: 'k', operator: 'Gt', values: ['4'] }, 'many', false],
  ])('%j with value %j: %s', (requirement, value, allowed) => {
    expect(requirementAllows(requirement, value)).toBe(allowed);
  });
});

describe('PoolCatalog', () => {
  const types = [instanceType('big.8', 8), instanceType('spot.2', 2, { capacityType: 'spot', zones: ['b'] }), instanceType('arm.2', 2, { arch: 'arm64', zones: ['a'] })];

  it('orders types cheapest first and keeps per zone only what the requirements allow', () => {
    const catalog = new PoolCatalog(pool('p', { instanceTypes: types, requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }));
    expect(catalog.types.map((t) => t.name)).toEqual(['arm.2', 'spot.2', 'big.8']);
    expect(catalog.zones).toEqual(['a', 'b', 'c']);
    const offered = catalog.zones.map((zone, z) => [zone, catalog.types.flatMap((t, i) => (catalog.offer(z, i) === undefined ? [] : [t.name]))]);
    expect(offered).toEqual([
      ['a', ['big.8']],
      ['b', ['spot.2', 'big.8']],
      ['c', ['big.8']],
    ]);
  });

  it("labels offers with the pool's labels, its single-valued requirements and the type's well-known labels", () => {
    const catalog = new PoolCatalog(pool('p', { instanceTypes: types, labels: { team: 'x' }, requirements: [{ key: 'example.com/tier', operator: 'In', values: ['gold'] }] }));
    expect(catalog.offer(1, 1)?.labels).toEqual({
      team: 'x',
      'example.com/tier': 'gold',
      'kubernel.dev/node-pool': 'p',
      'node.kubernetes.io/instance-type': 'spot.2',
      'topology.kubernetes.io/zone': 'b',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'kubernel.dev/capacity-type': 'spot',
      'kubernel.dev/instance-family': 'spot',
    });
    expect(catalog.zoneLabels[0]).toMatchObject({ team: 'x', 'topology.kubernetes.io/zone': 'a', 'kubernetes.io/os': 'linux' });
  });

  it("marks the offers a pod's node selector allows, and none for a pod without one", () => {
    const catalog = new PoolCatalog(pool('p', { instanceTypes: types }));
    const spot = pending('s', '1', { spec: { nodeSelector: { 'kubernel.dev/capacity-type': 'spot' } } });
    expect([...(catalog.compatibility(spot, 'spot') ?? [])]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(catalog.compatibility(pending('any', '1'), 'any')).toBeNull();
  });
});
