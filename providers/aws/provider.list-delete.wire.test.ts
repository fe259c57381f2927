import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstanceNotFoundError, type NodeClaimSpec } from '../../core/index.ts';
import { FakeEc2 } from './test-support/fake-ec2.ts';
import { failureOf, testOptions, testProvider } from './test-support/harness.ts';

function claimFor(name: string, pool: string, capacityType: 'on-demand' | 'spot' = 'on-demand'): NodeClaimSpec {
  return { name, pool, instanceType: 'm5.large', zone: 'us-east-1b', capacityType, labels: {}, taints: [], bootstrapToken: 'abcdef.0123456789abcdef' };
}

describe('aws provider list and delete at the wire (DescribeInstances, TerminateInstances)', () => {
  let fake: FakeEc2;
  beforeEach(() => {
    fake = new FakeEc2({ pageSize: 1 }).install();
  });
  afterEach(() => fake.close());

  it('lists the cluster’s live instances by tag and state, page by page, with their pool, claim and capacity type', async () => {
    const provider = testProvider(testOptions({ capacityTypes: ['on-demand', 'spot'] }));
    const otherCluster = testProvider(testOptions({ clusterName: 'another-cluster' }));
    await Promise.all([provider.start(), otherCluster.start()]);
    const a = await provider.create(claimFor('workers-aaaaa', 'workers'));
    const b = await provider.create(claimFor('batch-bbbbb', 'batch', 'spot'));
    await otherCluster.create(claimFor('elsewhere-ccccc', 'workers'));
    fake.requests.length = 0;

    const listed = await provider.list();

    const pages = fake.requestsFor('DescribeInstances');
    expect(pages).toHaveLength(2);
    expect(Object.fromEntries(pages[0] ?? [])).toEqual({
      Action: 'DescribeInstances',
      Version: '2016-11-15',
      'Filter.1.Name': 'tag:kubernel.dev/cluster',
      'Filter.1.Value.1': 'test-cluster',
      'Filter.2.Name': 'instance-state-name',
      'Filter.2.Value.1': 'pending',
      'Filter.2.Value.2': 'running',
      'Filter.2.Value.3': 'stopping',
      'Filter.2.Value.4': 'stopped',
      MaxResults: '1000',
    });
    expect(Object.fromEntries(pages[1] ?? [])).toEqual({ ...Object.fromEntries(pages[0] ?? []), NextToken: Buffer.from('1').toString('base64') });

    const launched = [...fake.instances.values()];
    expect(listed).toEqual([
      { providerId: a.providerId, nodeName: a.nodeName, pool: 'workers', claim: 'workers-aaaaa', instanceType: 'm5.large', zone: 'us-east-1b', capacityType: 'on-demand', createdAt: launched[0]?.launchTime },
      { providerId: b.providerId, nodeName: b.nodeName, pool: 'batch', claim: 'batch-bbbbb', instanceType: 'm5.large', zone: 'us-east-1b', capacityType: 'spot', createdAt: launched[1]?.launchTime },
    ]);
    await Promise.all([provider.stop(), otherCluster.stop()]);
  });

  it('terminates by instance id, and a second delete finds it already shutting down or terminated', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    const made = await provider.create(claimFor('workers-ddddd', 'workers'));
    const id = made.providerId.split('/').pop() ?? '';

    await provider.delete(made.providerId);
    expect(Object.fromEntries(fake.requestsFor('TerminateInstances')[0] ?? [])).toEqual({ Action: 'TerminateInstances', Version: '2016-11-15', 'InstanceId.1': id });
    expect(fake.instances.get(id)?.state).toBe('shutting-down');
    expect(await provider.list()).toEqual([]);

    const again = await failureOf(provider.delete(made.providerId));
    expect(again).toBeInstanceOf(InstanceNotFoundError);
    expect(again).toMatchObject({ providerId: made.providerId, message: `instance ${id} was already terminated` });
  });

  it.each([
    ['an id EC2 never issued', 'aws:///us-east-1a/i-0123456789abcdef0', 'EC2 InvalidInstanceID.NotFound: The instance ID \'i-0123456789abcdef0\' does not exist'],
    ['a malformed id', 'aws:///us-east-1a/i-0123456789abcdef0-never-made', 'EC2 InvalidInstanceID.Malformed: Invalid id: "i-0123456789abcdef0-never-made"'],
  ])('maps %s to InstanceNotFoundError', async (_name, providerId, message) => {
    const provider = testProvider(testOptions());
    const error = await failureOf(provider.delete(providerId));
    expect(error).toBeInstanceOf(InstanceNotFoundError);
    expect(error).toMatchObject({ providerId, message });
    expect(fake.requestsFor('TerminateInstances')).toHaveLength(1);
  });

  it('says a provider id that is not an AWS one is not found, without asking EC2', async () => {
    const provider = testProvider(testOptions());
    expect(await failureOf(provider.delete('gce://project/us-central1-a/node-1'))).toBeInstanceOf(InstanceNotFoundError);
    expect(fake.requests).toHaveLength(0);
  });
});
