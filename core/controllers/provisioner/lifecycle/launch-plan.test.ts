import { describe, expect, it } from 'vitest';
import { WellKnownLabels, type NodeRequirement } from '../../../api/kinds/nodepool/types.ts';
import type { CapacityType, InstanceType } from '../../../contracts/node-provider.ts';
import { describeNext, launchOfferings, nextOfferingIndex, type Offering } from './launch-plan.ts';

function type(name: string, price: number, zones: string[], capacityType: CapacityType = 'on-demand'): InstanceType {
  return { name, cpuMillis: 2000, memoryBytes: 8 * 2 ** 30, pods: 29, arch: 'amd64', zones, capacityType, pricePerHour: price };
}

const catalog = [
  type('m6i.xlarge', 0.192, ['us-east-1a', 'us-east-1b']),
  type('m6i.large', 0.096, ['us-east-1a', 'us-east-1b']),
  type('m6i.large', 0.035, ['us-east-1a', 'us-east-1b'], 'spot'),
  type('c6i.large', 0.085, ['us-east-1b']),
];
const both: { capacityTypes: CapacityType[] } = { capacityTypes: ['on-demand', 'spot'] };

const types = (...values: string[]): NodeRequirement => ({ key: WellKnownLabels.instanceType, operator: 'In', values });
const zones = (...values: string[]): NodeRequirement => ({ key: WellKnownLabels.zone, operator: 'In', values });
const capacity = (...values: string[]): NodeRequirement => ({ key: WellKnownLabels.capacityType, operator: 'In', values });
const short = (offerings: Offering[]): string[] => offerings.map((o) => `${o.instanceType.name}/${o.zone ?? '-'}/${o.capacityType}`);

describe('launchOfferings', () => {
  it.each<[string, NodeRequirement[], string[]]>([
    [
      'types in the order written, each in its zones, on-demand by default',
      [types('m6i.large', 'm6i.xlarge')],
      ['m6i.large/us-east-1a/on-demand', 'm6i.large/us-east-1b/on-demand', 'm6i.xlarge/us-east-1a/on-demand', 'm6i.xlarge/us-east-1b/on-demand'],
    ],
    ['only the zones the requirement allows, in its order', [types('m6i.large'), zones('us-east-1b', 'us-east-1a')], ['m6i.large/us-east-1b/on-demand', 'm6i.large/us-east-1a/on-demand']],
    ['a type not offered in the allowed zone is left out', [types('c6i.large', 'm6i.large'), zones('us-east-1a')], ['m6i.large/us-east-1a/on-demand']],
    ['spot first when listed first', [types('m6i.large'), zones('us-east-1a'), capacity('spot', 'on-demand')], ['m6i.large/us-east-1a/spot', 'm6i.large/us-east-1a/on-demand']],
    ['on-demand first when listed first', [types('m6i.large'), zones('us-east-1a'), capacity('on-demand', 'spot')], ['m6i.large/us-east-1a/on-demand', 'm6i.large/us-east-1a/spot']],
    ['types the provider does not know are skipped', [types('x9.huge', 'c6i.large')], ['c6i.large/us-east-1b/on-demand']],
    ['NotIn removes types and zones', [{ key: WellKnownLabels.instanceType, operator: 'NotIn', values: ['m6i.large', 'm6i.xlarge'] }, { key: WellKnownLabels.zone, operator: 'NotIn', values: ['us-east-1a'] }], ['c6i.large/us-east-1b/on-demand']],
    ['without a type requirement, the cheapest first', [zones('us-east-1b')], ['c6i.large/us-east-1b/on-demand', 'm6i.large/us-east-1b/on-demand', 'm6i.xlarge/us-east-1b/on-demand']],
  ])('%s', (_what, requirements, expected) => {
    expect(short(launchOfferings(requirements, catalog, both))).toEqual(expected);
  });

  it('takes spot from the spot entry of the catalog, with its price', () => {
    const [first] = launchOfferings([types('m6i.large'), zones('us-east-1a'), capacity('spot')], catalog, both);
    expect(first?.instanceType.pricePerHour).toBe(0.035);
  });

  it('offers nothing as spot from a provider that launches on-demand only', () => {
    expect(launchOfferings([types('m6i.xlarge'), capacity('spot')], catalog, { capacityTypes: ['on-demand'] })).toEqual([]);
  });

  it('leaves the zone to the provider for a type without zones', () => {
    expect(short(launchOfferings([types('local')], [type('local', 0, [])], { capacityTypes: ['on-demand'] }))).toEqual(['local/-/on-demand']);
  });
});

describe('nextOfferingIndex', () => {
  const offerings = launchOfferings([types('m6i.large', 'm6i.xlarge')], catalog, both);
  it.each<[string, number, 'capacity' | 'quota', number | undefined]>([
    ['no capacity: the next zone of the same type', 0, 'capacity', 1],
    ['no capacity in its last zone: the next type', 1, 'capacity', 2],
    ['quota: the next type, skipping the other zones', 0, 'quota', 2],
    ['no capacity on the last offering: nothing left', 3, 'capacity', undefined],
    ['quota on the last type: nothing left', 2, 'quota', undefined],
  ])('%s', (_what, failed, failure, expected) => {
    expect(nextOfferingIndex(offerings, failed, failure)).toBe(expected);
  });

  it.each<[number, number, string]>([
    [1, 2, 'm6i.xlarge'],
    [0, 1, 'm6i.large in us-east-1b'],
  ])('describes the try after offering %i as "%s"', (failed, next, text) => {
    const [a, b] = [offerings[failed], offerings[next]];
    if (a === undefined || b === undefined) throw new Error('fixture');
    expect(describeNext(a, b)).toBe(text);
  });
});
