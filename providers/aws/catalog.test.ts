import type { InstanceTypeInfo, InstanceTypeOffering } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { buildCatalog, instanceTypeFilterValues, type CatalogSettings } from './catalog.ts';
import { builtinPricedTypes, priceOf } from './prices.ts';

const settings: CatalogSettings = {
  zones: ['us-east-1b', 'us-east-1a'],
  capacityTypes: ['on-demand', 'spot'],
  architectures: ['amd64', 'arm64'],
  instanceFamilies: undefined,
  instanceTypes: undefined,
  prices: {},
};

type Ec2Architecture = NonNullable<NonNullable<InstanceTypeInfo['ProcessorInfo']>['SupportedArchitectures']>[number];
type Ec2TypeName = NonNullable<InstanceTypeInfo['InstanceType']>;
type UsageClasses = NonNullable<InstanceTypeInfo['SupportedUsageClasses']>;

function info(name: Ec2TypeName, arch: Ec2Architecture, usage: UsageClasses, extra: Partial<InstanceTypeInfo> = {}): InstanceTypeInfo {
  return {
    InstanceType: name,
    SupportedUsageClasses: usage,
    ProcessorInfo: { SupportedArchitectures: [arch] },
    VCpuInfo: { DefaultVCpus: 2 },
    MemoryInfo: { SizeInMiB: 8192 },
    NetworkInfo: { MaximumNetworkInterfaces: 3, Ipv4AddressesPerInterface: 10 },
    ...extra,
  };
}

function offered(name: Ec2TypeName, ...zones: string[]): InstanceTypeOffering[] {
  return zones.map((Location): InstanceTypeOffering => ({ InstanceType: name, LocationType: 'availability-zone', Location }));
}

describe('the EC2 instance-type catalog', () => {
  it('makes one entry per allowed usage class, in the pool’s zone order, cheapest first', () => {
    const catalog = buildCatalog(
      [info('m5.large', 'x86_64', ['on-demand', 'spot']), info('m6g.large', 'arm64', ['on-demand'])],
      [...offered('m5.large', 'us-east-1a', 'us-east-1b', 'us-east-1c'), ...offered('m6g.large', 'us-east-1a')],
      { ...settings, prices: { 'm5.large': { spot: 0.04 } } },
    );
    expect(catalog.types.map((t) => [t.name, t.capacityType, t.pricePerHour, t.arch, t.zones])).toEqual([
      ['m5.large', 'spot', 0.04, 'amd64', ['us-east-1b', 'us-east-1a']],
      ['m6g.large', 'on-demand', 0.077, 'arm64', ['us-east-1a']],
      ['m5.large', 'on-demand', 0.096, 'amd64', ['us-east-1b', 'us-east-1a']],
    ]);
    expect(catalog.unpriced).toEqual([]);
  });

  it.each<[string, InstanceTypeInfo, Partial<CatalogSettings>]>([
    ['an architecture without an AMI', info('m6g.large', 'arm64', ['on-demand']), { architectures: ['amd64'] }],
    ['an i386-only type', info('t1.micro', 'i386', ['on-demand']), {}],
    ['no zone of the pool', info('m5.large', 'x86_64', ['on-demand']), { zones: ['us-west-2a'] }],
    ['a usage class the pool does not allow', info('m5.large', 'x86_64', ['spot']), { capacityTypes: ['on-demand'] }],
    ['too little memory for a node', info('t3.nano', 'x86_64', ['on-demand'], { MemoryInfo: { SizeInMiB: 256 } }), {}],
    ['no vCPU figure', info('m5.large', 'x86_64', ['on-demand'], { VCpuInfo: {} }), {}],
  ])('leaves out %s', (_name, typeInfo, overrides) => {
    const offerings = offered(typeInfo.InstanceType ?? 'm5.large', 'us-east-1a', 'us-east-1b');
    expect(buildCatalog([typeInfo], offerings, { ...settings, ...overrides }).types).toEqual([]);
  });

  it('reports unpriced types instead of listing them', () => {
    const catalog = buildCatalog([info('m5.metal', 'x86_64', ['on-demand', 'spot'])], offered('m5.metal', 'us-east-1a'), settings);
    expect(catalog).toEqual({ types: [], unpriced: ['m5.metal/on-demand', 'm5.metal/spot'] });
  });

  it('assumes kubelet’s 110 pods where EC2 gives no network figures', () => {
    const catalog = buildCatalog([info('m5.large', 'x86_64', ['on-demand'], { NetworkInfo: {} })], offered('m5.large', 'us-east-1a'), settings);
    expect(catalog.types[0]?.pods).toBe(110);
  });

  it.each([
    ['families and types', { instanceFamilies: ['m5', 'c7g'], instanceTypes: ['t3.large'] }, ['m5.*', 'c7g.*', 't3.large']],
    ['types only', { instanceFamilies: undefined, instanceTypes: ['t3.large', 't3.large'] }, ['t3.large']],
    ['neither: what has a price', { instanceFamilies: undefined, instanceTypes: undefined }, [...builtinPricedTypes(), 'x9.large']],
  ])('filters DescribeInstanceTypes by %s', (_name, selection, expected) => {
    expect(instanceTypeFilterValues({ ...selection, prices: { 'x9.large': { 'on-demand': 1 } } })).toEqual(expected);
  });
});

describe('instance-type prices', () => {
  it.each([
    ['m5.large', 'on-demand', {}, 0.096],
    ['t4g.micro', 'on-demand', {}, 0.0084],
    ['m5.large', 'spot', {}, 0.096],
    ['m5.large', 'spot', { 'm5.large': { spot: 0.03 } }, 0.03],
    ['m5.large', 'on-demand', { 'm5.large': { 'on-demand': 0.11 } }, 0.11],
    ['x9.large', 'spot', { 'x9.large': { 'on-demand': 0.5 } }, 0.5],
    ['m5.metal', 'on-demand', {}, undefined],
    ['nodot', 'on-demand', {}, undefined],
  ] as const)('%s as %s with overrides %j costs %s', (type, capacityType, overrides, price) => {
    expect(priceOf(type, capacityType, overrides)).toBe(price);
  });

  it('prices whole families in the built-in table', () => {
    expect(builtinPricedTypes()).toContain('c7g.16xlarge');
    expect(builtinPricedTypes().every((t) => /^[a-z0-9]+\.[a-z0-9]+$/.test(t))).toBe(true);
  });
});
