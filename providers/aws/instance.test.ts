import { describe, expect, it } from 'vitest';
import { instanceIdOf, nodeInstanceOf, nodeNameOf, providerIdOf } from './instance.ts';

describe('EC2 instances as nodes', () => {
  it.each([
    ['aws:///us-east-1a/i-0123456789abcdef0', 'i-0123456789abcdef0'],
    ['aws:///i-0123456789abcdef0', 'i-0123456789abcdef0'],
    ['aws:///us-east-1a/i-0123-never-made', 'i-0123-never-made'],
    ['aws://us-east-1a/i-0123456789abcdef0', undefined],
    ['gce://project/zone/name', undefined],
    ['aws:///us-east-1a/vol-0123', undefined],
  ])('finds in %s the instance id %s', (providerId, id) => {
    expect(instanceIdOf(providerId)).toBe(id);
  });

  it('writes provider ids as the AWS cloud provider does', () => {
    expect(providerIdOf('eu-west-1b', 'i-0abc')).toBe('aws:///eu-west-1b/i-0abc');
  });

  it.each([
    [{ PrivateDnsName: 'ip-10-0-1-23.ec2.internal', InstanceId: 'i-1' }, 'ip-10-0-1-23.ec2.internal'],
    [{ PrivateDnsName: 'IP-10-0-1-23.EU-WEST-1.compute.internal', InstanceId: 'i-1' }, 'ip-10-0-1-23.eu-west-1.compute.internal'],
    [{ PrivateDnsName: '', InstanceId: 'i-1' }, 'i-1'],
    [{ InstanceId: 'i-1' }, 'i-1'],
  ])('names the node of %j %s', (instance, name) => {
    expect(nodeNameOf(instance)).toBe(name);
  });

  it('reports an instance without tags as belonging to no pool or claim', () => {
    const launched = new Date('2026-01-02T03:04:05.000Z');
    expect(nodeInstanceOf({ InstanceId: 'i-1', InstanceType: 'm5.large', Placement: { AvailabilityZone: 'us-east-1a' }, LaunchTime: launched })).toEqual({
      providerId: 'aws:///us-east-1a/i-1',
      nodeName: 'i-1',
      pool: '',
      instanceType: 'm5.large',
      zone: 'us-east-1a',
      capacityType: 'on-demand',
      createdAt: launched,
    });
    expect(nodeInstanceOf({ InstanceId: 'i-1' })).toBeUndefined();
  });
});
