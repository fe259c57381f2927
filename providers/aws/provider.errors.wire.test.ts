import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapacityExhaustedError, isNodeProviderError, QuotaExceededError, ThrottledError, type NodeClaimSpec, type NodeProvider } from '../../core/index.ts';
import { Ec2Errors, type Ec2Failure } from './test-support/ec2-errors.ts';
import { FakeEc2 } from './test-support/fake-ec2.ts';
import { failureOf, testOptions, testProvider } from './test-support/harness.ts';

function claimFor(instanceType: string, zone: string): NodeClaimSpec {
  return { name: 'workers-q8r2t', pool: 'workers', instanceType, zone, capacityType: 'on-demand', labels: {}, taints: [], bootstrapToken: 'abcdef.0123456789abcdef' };
}

/** What a caller does with CapacityExhaustedError: the next candidate, cheapest first. */
async function launchFirstThatFits(provider: NodeProvider, candidates: ReadonlyArray<[string, string]>): Promise<{ providerId: string; tried: string[] }> {
  const tried: string[] = [];
  for (const [type, zone] of candidates) {
    tried.push(`${type}/${zone}`);
    try {
      return { ...(await provider.create(claimFor(type, zone))), tried };
    } catch (error) {
      if (!isNodeProviderError(error, 'NODE_PROVIDER_ERR_CAPACITY_EXHAUSTED')) throw error;
    }
  }
  throw new Error('nothing fits');
}

describe('aws provider errors at the wire', () => {
  let fake: FakeEc2;
  beforeEach(() => {
    fake = new FakeEc2().install();
  });
  afterEach(() => fake.close());

  it('answers InsufficientInstanceCapacity (HTTP 500) with CapacityExhaustedError at once, and the caller’s next type launches', async () => {
    fake.exhaust('t3.medium', 'us-east-1a');
    const provider = testProvider(testOptions());
    await provider.start();

    const error = await failureOf(provider.create(claimFor('t3.medium', 'us-east-1a')));
    expect(error).toBeInstanceOf(CapacityExhaustedError);
    expect(error).toMatchObject({ instanceType: 't3.medium', zone: 'us-east-1a', code: 'NODE_PROVIDER_ERR_CAPACITY_EXHAUSTED' });
    expect(String(error)).toContain('We currently do not have sufficient t3.medium capacity in the Availability Zone you requested (us-east-1a).');
    // HTTP 500 is "transient" to the SDK, but capacity does not come back in milliseconds: one request, no retry.
    expect(fake.requestsFor('RunInstances')).toHaveLength(1);

    const launched = await launchFirstThatFits(provider, [
      ['t3.medium', 'us-east-1a'],
      ['m5.large', 'us-east-1a'],
    ]);
    expect(launched.tried).toEqual(['t3.medium/us-east-1a', 'm5.large/us-east-1a']);
    expect(launched.providerId).toMatch(/^aws:\/\/\/us-east-1a\/i-/);
    expect(fake.requestsFor('RunInstances').map((form) => form.get('InstanceType'))).toEqual(['t3.medium', 't3.medium', 'm5.large']);
  });

  it('answers Unsupported (type not offered in the zone) with CapacityExhaustedError naming the type and zone', async () => {
    fake.close();
    fake = new FakeEc2({
      types: [
        { name: 'm5.large', vcpus: 2, memoryMiB: 8192, arch: 'x86_64', maxEnis: 3, ipv4PerEni: 10, usageClasses: ['on-demand'], zones: ['us-east-1a'] },
        { name: 't3.medium', vcpus: 2, memoryMiB: 4096, arch: 'x86_64', maxEnis: 3, ipv4PerEni: 6, usageClasses: ['on-demand'] },
      ],
    }).install();
    const provider = testProvider(testOptions());
    await provider.start();
    const error = await failureOf(provider.create(claimFor('m5.large', 'us-east-1b')));
    expect(error).toMatchObject({ name: 'CapacityExhaustedError', instanceType: 'm5.large', zone: 'us-east-1b' });
    expect(String(error)).toContain('EC2 Unsupported: Your requested instance type (m5.large) is not supported in your requested Availability Zone (us-east-1b).');
  });

  it('answers InsufficientCapacity with CapacityExhaustedError', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    fake.failNext('RunInstances', Ec2Errors.insufficientCapacity());
    expect(await failureOf(provider.create(claimFor('m5.large', 'us-east-1b')))).toMatchObject({ name: 'CapacityExhaustedError', instanceType: 'm5.large', zone: 'us-east-1b' });
    expect(fake.requestsFor('RunInstances')).toHaveLength(1);
  });

  it.each<[string, Ec2Failure]>([
    ['VcpuLimitExceeded', Ec2Errors.vcpuLimitExceeded(32)],
    ['InstanceLimitExceeded', Ec2Errors.instanceLimitExceeded(21, 20)],
    ['MaxSpotInstanceCountExceeded', Ec2Errors.maxSpotInstanceCountExceeded()],
  ])('answers %s with QuotaExceededError, without retrying', async (code, failure) => {
    const provider = testProvider(testOptions());
    await provider.start();
    fake.failNext('RunInstances', failure);
    const error = await failureOf(provider.create(claimFor('m5.large', 'us-east-1a')));
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error).toMatchObject({ quota: code, message: `EC2 ${code}: ${failure.message}` });
    expect(fake.requestsFor('RunInstances')).toHaveLength(1);
  });

  it('retries RequestLimitExceeded (HTTP 503) with the same request until EC2 takes it', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    fake.failNext('RunInstances', Ec2Errors.requestLimitExceeded(), 2);
    const made = await provider.create(claimFor('m5.large', 'us-east-1a'));
    expect(made.providerId).toMatch(/^aws:\/\/\/us-east-1a\/i-/);
    const attempts = fake.requests.filter((r) => r.action === 'RunInstances');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.form.toString())).size).toBe(1);
    expect(attempts.map((r) => r.headers.get('amz-sdk-request'))).toEqual(['attempt=1; max=3', 'attempt=2; max=3', 'attempt=3; max=3']);
    expect(fake.instances.size).toBe(1);
  });

  it('gives up after maxAttempts throttled answers with ThrottledError', async () => {
    const provider = testProvider(testOptions({ retry: { maxAttempts: 2, baseDelayMs: 3 } }));
    await provider.start();
    fake.failNext('RunInstances', Ec2Errors.requestLimitExceeded(), 5);
    const error = await failureOf(provider.create(claimFor('m5.large', 'us-east-1a')));
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ code: 'NODE_PROVIDER_ERR_THROTTLED', retryAfterMs: 6 });
    expect(fake.requestsFor('RunInstances')).toHaveLength(2);
  });

  it('retries throttled reads too, and maps a list() that stays throttled', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    fake.failNext('DescribeInstances', Ec2Errors.requestLimitExceeded(), 2);
    expect(await provider.list()).toEqual([]);
    expect(fake.requestsFor('DescribeInstances')).toHaveLength(3);
    fake.failNext('DescribeInstances', Ec2Errors.requestLimitExceeded(), 3);
    expect(await failureOf(provider.list())).toBeInstanceOf(ThrottledError);
  });

  it('retries an InternalError (HTTP 500) as transient', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    fake.failNext('TerminateInstances', Ec2Errors.internalError());
    const made = await provider.create(claimFor('m5.large', 'us-east-1a'));
    await provider.delete(made.providerId);
    expect(fake.requestsFor('TerminateInstances')).toHaveLength(2);
  });

  it('lets errors the contract has no type for through as EC2 named them', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    fake.failNext('RunInstances', Ec2Errors.unauthorized());
    const error = await failureOf(provider.create(claimFor('m5.large', 'us-east-1a')));
    expect(isNodeProviderError(error)).toBe(false);
    expect(error).toMatchObject({ name: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', $metadata: { httpStatusCode: 403 } });
  });

  it('fails start() when EC2 refuses the catalog', async () => {
    fake.failNext('DescribeInstanceTypes', Ec2Errors.unauthorized());
    const provider = testProvider(testOptions());
    await expect(provider.start()).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    await provider.stop();
  });
});
