import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeClaimSpec } from '../../core/index.ts';
import { FakeEc2 } from './test-support/fake-ec2.ts';
import { TEST_CLUSTER, testOptions, testProvider } from './test-support/harness.ts';
import { bootScript } from './user-data.ts';

const claim: NodeClaimSpec = {
  name: 'workers-7xk2p',
  pool: 'workers',
  instanceType: 'm5.large',
  zone: 'us-east-1a',
  capacityType: 'on-demand',
  labels: { 'kubernel.dev/node-pool': 'workers', 'example.com/team': 'payments' },
  taints: [{ key: 'dedicated', value: 'payments', effect: 'NoSchedule' }],
  bootstrapToken: 'abcdef.0123456789abcdef',
};

function formOf(fake: FakeEc2, action: string, index = 0): Record<string, string> {
  const form = fake.requestsFor(action)[index];
  if (form === undefined) throw new Error(`no ${action} request #${index}`);
  return Object.fromEntries(form);
}

function userDataOf(form: Record<string, string>): string {
  return Buffer.from(form['UserData'] ?? '', 'base64').toString('utf8');
}

describe('aws provider create at the wire (RunInstances)', () => {
  let fake: FakeEc2;
  beforeEach(() => {
    fake = new FakeEc2().install();
  });
  afterEach(() => fake.close());

  it('sends exactly the RunInstances parameters of an on-demand launch into the zone’s subnet', async () => {
    const provider = testProvider(testOptions({ tags: { team: 'platform', Name: 'overridden' } }));
    await provider.start();
    const made = await provider.create(claim);

    const form = formOf(fake, 'RunInstances');
    const tags = {
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'platform',
      'Tag.2.Key': 'Name',
      'Tag.2.Value': 'workers-7xk2p',
      'Tag.3.Key': 'kubernel.dev/cluster',
      'Tag.3.Value': 'test-cluster',
      'Tag.4.Key': 'kubernel.dev/node-pool',
      'Tag.4.Value': 'workers',
      'Tag.5.Key': 'kubernel.dev/node-claim',
      'Tag.5.Value': 'workers-7xk2p',
    };
    const tagSpecification = (n: number, resource: string) => ({
      [`TagSpecification.${n}.ResourceType`]: resource,
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`TagSpecification.${n}.${k}`, v])),
    });
    expect(form).toEqual({
      Action: 'RunInstances',
      Version: '2016-11-15',
      MinCount: '1',
      MaxCount: '1',
      ImageId: 'ami-0abcdef1234567890',
      InstanceType: 'm5.large',
      SubnetId: 'subnet-0a1b2c3d4e5f60001',
      'SecurityGroupId.1': 'sg-0123456789abcdef0',
      'IamInstanceProfile.Name': 'kubernel-node',
      UserData: expect.any(String),
      ...tagSpecification(1, 'instance'),
      ...tagSpecification(2, 'volume'),
      'MetadataOptions.HttpTokens': 'required',
      ClientToken: expect.stringMatching(/^workers-7xk2p-[0-9a-f]{16}$/),
    });
    expect(userDataOf(form)).toBe(
      bootScript({
        claimName: 'workers-7xk2p',
        server: TEST_CLUSTER.server,
        caCertPem: TEST_CLUSTER.caCertPem,
        bootstrapToken: 'abcdef.0123456789abcdef',
        installCommand: 'npm install -g kubernel@0.1.0',
        labels: {
          'kubernel.dev/node-pool': 'workers',
          'example.com/team': 'payments',
          'node.kubernetes.io/instance-type': 'm5.large',
          'topology.kubernetes.io/region': 'us-east-1',
          'topology.kubernetes.io/zone': 'us-east-1a',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/os': 'linux',
          'kubernel.dev/capacity-type': 'on-demand',
          'kubernel.dev/instance-family': 'm5',
          'kubernel.dev/node-provider': 'aws',
          'kubernel.dev/node-claim': 'workers-7xk2p',
        },
        taints: claim.taints,
        pods: 29,
      }),
    );

    const instance = [...fake.instances.values()][0];
    expect(made).toEqual({ providerId: `aws:///us-east-1a/${instance?.id ?? ''}`, nodeName: instance?.privateDnsName });
    expect(made.nodeName).toMatch(/^ip-10-0-1-\d+\.ec2\.internal$/);
  });

  it('signs with SigV4 for ec2 in the region and posts a form to the regional endpoint', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    await provider.create(claim);
    const request = fake.requests.find((r) => r.action === 'RunInstances');
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.get('host')).toBe('ec2.us-east-1.amazonaws.com');
    expect(request?.headers.get('authorization')).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/ec2\/aws4_request, /);
  });

  it('launches spot one-time instances that terminate on interruption, placing by zone where no subnet pins it, with a profile ARN', async () => {
    const profile = 'arn:aws:iam::123456789012:instance-profile/kubernel-node';
    const options = testOptions({ zones: ['us-east-1a', 'us-east-1c'], subnets: { 'us-east-1a': 'subnet-0a1b2c3d4e5f60001' }, capacityTypes: ['spot'], instanceProfile: profile });
    const provider = testProvider(options);
    await provider.start();
    const made = await provider.create({ ...claim, zone: 'us-east-1c', capacityType: 'spot' });

    const form = formOf(fake, 'RunInstances');
    expect(form).toMatchObject({
      'Placement.AvailabilityZone': 'us-east-1c',
      'InstanceMarketOptions.MarketType': 'spot',
      'InstanceMarketOptions.SpotOptions.SpotInstanceType': 'one-time',
      'InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior': 'terminate',
      'IamInstanceProfile.Arn': profile,
    });
    expect(form).not.toHaveProperty('SubnetId');
    expect(form).not.toHaveProperty('IamInstanceProfile.Name');
    expect(made.providerId).toMatch(/^aws:\/\/\/us-east-1c\/i-0[0-9a-f]{16}$/);
    expect(userDataOf(form)).toContain('"kubernel.dev/capacity-type": "spot"');
  });

  it('boots arm64 types from the arm64 AMI', async () => {
    const provider = testProvider(testOptions({ imageId: { amd64: 'ami-0abcdef1234567890', arm64: 'ami-0fedcba9876543210' } }));
    await provider.start();
    await provider.create({ ...claim, instanceType: 'c6g.large' });
    expect(formOf(fake, 'RunInstances')).toMatchObject({ InstanceType: 'c6g.large', ImageId: 'ami-0fedcba9876543210' });
  });

  it('repeats a launch with the same client token, so a retried create returns the first instance', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    const first = await provider.create(claim);
    const again = await provider.create(claim);
    const fallback = await provider.create({ ...claim, zone: 'us-east-1b' });
    const tokens = fake.requestsFor('RunInstances').map((form) => form.get('ClientToken'));
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(again).toEqual(first);
    expect(fallback.providerId).not.toBe(first.providerId);
    expect(fake.instances.size).toBe(2);
  });

  it.each([
    ['no cluster to join', null, claim, /no control plane to join/],
    ['no bootstrap token', TEST_CLUSTER, { ...claim, bootstrapToken: undefined }, /no bootstrap token/],
  ])('refuses to launch with %s, before any request', async (_name, cluster, request, message) => {
    const provider = testProvider(testOptions(), { cluster });
    await provider.start();
    await expect(provider.create(request)).rejects.toThrow(message);
    expect(fake.requestsFor('RunInstances')).toHaveLength(0);
  });

  it('refuses a type, zone or capacity type the pool does not offer, before any request', async () => {
    const provider = testProvider(testOptions());
    await provider.start();
    await expect(provider.create({ ...claim, instanceType: 'p5.48xlarge' })).rejects.toThrow(/no instance type p5.48xlarge as on-demand/);
    await expect(provider.create({ ...claim, zone: 'us-west-2a' })).rejects.toThrow(/no zone us-west-2a/);
    await expect(provider.create({ ...claim, capacityType: 'spot' })).rejects.toThrow(/launches on-demand capacity, not spot/);
    expect(fake.requestsFor('RunInstances')).toHaveLength(0);
  });
});
