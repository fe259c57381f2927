import { afterEach, describe, expect, it, vi } from 'vitest';
import { Ec2Errors } from './test-support/ec2-errors.ts';
import { builtinPricedTypes } from './prices.ts';
import { FakeEc2 } from './test-support/fake-ec2.ts';
import { capturingLogger, testOptions, testProvider } from './test-support/harness.ts';

const MIB = 1024 * 1024;

function values(form: URLSearchParams | undefined, prefix: string): string[] {
  return [...(form ?? new URLSearchParams())].filter(([key]) => key.startsWith(`${prefix}.`)).map(([, value]) => value);
}

describe('aws provider catalog at the wire (DescribeInstanceTypes + DescribeInstanceTypeOfferings)', () => {
  let fake: FakeEc2;
  afterEach(() => fake.close());

  it('asks for the priced types of the AMI’s architecture in the pool’s zones, and ranks them by price', async () => {
    fake = new FakeEc2().install();
    const provider = testProvider(testOptions());
    await provider.start();
    await provider.stop();

    const [types] = fake.requestsFor('DescribeInstanceTypes');
    expect(types?.get('Action')).toBe('DescribeInstanceTypes');
    expect(types?.get('Version')).toBe('2016-11-15');
    expect(types?.get('MaxResults')).toBe('100');
    expect(types?.get('Filter.1.Name')).toBe('instance-type');
    expect(values(types, 'Filter.1.Value')).toEqual(builtinPricedTypes());
    expect(types?.get('Filter.2.Name')).toBe('processor-info.supported-architecture');
    expect(values(types, 'Filter.2.Value')).toEqual(['x86_64']);
    expect(types?.has('NextToken')).toBe(false);

    const [offerings] = fake.requestsFor('DescribeInstanceTypeOfferings');
    expect(Object.fromEntries([...(offerings ?? [])].filter(([key]) => !key.startsWith('Filter.2.Value')))).toEqual({
      Action: 'DescribeInstanceTypeOfferings',
      Version: '2016-11-15',
      LocationType: 'availability-zone',
      'Filter.1.Name': 'location',
      'Filter.1.Value.1': 'us-east-1a',
      'Filter.1.Value.2': 'us-east-1b',
      'Filter.2.Name': 'instance-type',
      MaxResults: '1000',
    });

    // t3.medium: 2 vCPU, 4096 MiB, 3 ENIs × 6 addresses; m5.large: 2 vCPU, 8192 MiB, 3 × 10; m5.xlarge: 4 vCPU, 16384 MiB, 4 × 15
    expect(provider.instanceTypes()).toEqual([
      { name: 't3.medium', cpuMillis: 1930, memoryBytes: 3246 * MIB, pods: 17, arch: 'amd64', zones: ['us-east-1a', 'us-east-1b'], capacityType: 'on-demand', pricePerHour: 0.0416 },
      { name: 'm5.large', cpuMillis: 1930, memoryBytes: 6903 * MIB, pods: 29, arch: 'amd64', zones: ['us-east-1a', 'us-east-1b'], capacityType: 'on-demand', pricePerHour: 0.096 },
      { name: 'm5.xlarge', cpuMillis: 3920, memoryBytes: 14162 * MIB, pods: 58, arch: 'amd64', zones: ['us-east-1a', 'us-east-1b'], capacityType: 'on-demand', pricePerHour: 0.192 },
    ]);
  });

  it('follows NextToken through every page of both calls', async () => {
    fake = new FakeEc2({ pageSize: 2 }).install();
    const provider = testProvider(testOptions({ imageId: { amd64: 'ami-0abcdef1234567890', arm64: 'ami-0fedcba9876543210' } }));
    await provider.start();
    await provider.stop();

    const typePages = fake.requestsFor('DescribeInstanceTypes');
    expect(typePages).toHaveLength(2);
    expect(typePages[0]?.has('NextToken')).toBe(false);
    expect(typePages[1]?.get('NextToken')).toBe(Buffer.from('2').toString('base64'));
    expect(typePages[1]?.toString().replace(/&NextToken=[^&]*/, '')).toBe(typePages[0]?.toString());
    expect(fake.requestsFor('DescribeInstanceTypeOfferings').length).toBeGreaterThan(1);
    expect(provider.instanceTypes().map((t) => `${t.name}/${t.arch}`)).toEqual(['t3.medium/amd64', 'c6g.large/arm64', 'm5.large/amd64', 'm5.xlarge/amd64']);
  });

  it('takes whole families and single types, and leaves out what nothing prices with one warning', async () => {
    fake = new FakeEc2().install();
    const { logger, entries } = capturingLogger();
    const provider = testProvider(testOptions({ instanceFamilies: ['m5'], instanceTypes: ['t3.medium'], capacityTypes: ['on-demand', 'spot'], prices: { 'm5.large': { spot: 0.035 } } }), { logger });
    await provider.start();
    await provider.stop();

    const [types] = fake.requestsFor('DescribeInstanceTypes');
    expect(values(types, 'Filter.1.Value')).toEqual(['m5.*', 't3.medium']);
    expect(provider.instanceTypes().map((t) => [t.name, t.capacityType, t.pricePerHour])).toEqual([
      ['m5.large', 'spot', 0.035],
      ['t3.medium', 'on-demand', 0.0416],
      ['t3.medium', 'spot', 0.0416],
      ['m5.large', 'on-demand', 0.096],
      ['m5.xlarge', 'on-demand', 0.192],
      ['m5.xlarge', 'spot', 0.192],
    ]);
    const warnings = entries.filter((e) => e['level'] === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ types: ['m5.metal/on-demand', 'm5.metal/spot'], pool: 'workers', provider: 'aws' });
  });

  it('lists a type only in the zones EC2 offers it in, and not at all when it is offered in none of the pool’s', async () => {
    fake = new FakeEc2({
      types: [
        { name: 'm5.large', vcpus: 2, memoryMiB: 8192, arch: 'x86_64', maxEnis: 3, ipv4PerEni: 10, usageClasses: ['on-demand'], zones: ['us-east-1b', 'us-east-1c'] },
        { name: 't3.medium', vcpus: 2, memoryMiB: 4096, arch: 'x86_64', maxEnis: 3, ipv4PerEni: 6, usageClasses: ['on-demand'], zones: ['us-east-1c'] },
      ],
    }).install();
    const provider = testProvider(testOptions());
    await provider.start();
    await provider.stop();
    expect(provider.instanceTypes().map((t) => [t.name, t.zones])).toEqual([['m5.large', ['us-east-1b']]]);
  });

  it('reloads the catalog every catalogRefreshMinutes, keeping the last one when EC2 refuses', async () => {
    fake = new FakeEc2().install();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { logger, entries } = capturingLogger();
      const provider = testProvider(testOptions({ catalogRefreshMinutes: 60 }), { logger });
      await provider.start();
      const before = provider.instanceTypes();
      fake.failNext('DescribeInstanceTypes', Ec2Errors.unauthorized());
      vi.advanceTimersByTime(60 * 60_000);
      await vi.waitFor(() => expect(entries.some((e) => e['msg'] === 'could not refresh the EC2 instance-type catalog; keeping the last one')).toBe(true));
      expect(provider.instanceTypes()).toEqual(before);
      vi.advanceTimersByTime(60 * 60_000);
      await vi.waitFor(() => expect(fake.requestsFor('DescribeInstanceTypes')).toHaveLength(3));
      await provider.stop();
      vi.advanceTimersByTime(3 * 60 * 60_000);
      expect(fake.requestsFor('DescribeInstanceTypes')).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
