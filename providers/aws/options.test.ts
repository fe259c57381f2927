import { describe, expect, it } from 'vitest';
import { validateWithSchema } from '../../core/kernel/standard-schema.ts';
import { awsOptionsSchema, imagesByArch, zoneSubnets } from './options.ts';

const minimal = { region: 'us-east-1', clusterName: 'prod', imageId: 'ami-0abcdef1234567890', zones: ['us-east-1a'] };

async function errorsOf(options: unknown): Promise<string[]> {
  const result = await validateWithSchema(awsOptionsSchema, options, 'nodePools[2].options');
  return result.ok ? [] : result.errors;
}

describe('aws pool options', () => {
  it('fills the defaults', () => {
    expect(awsOptionsSchema.parse(minimal)).toEqual({
      ...minimal,
      securityGroupIds: [],
      capacityTypes: ['on-demand'],
      prices: {},
      tags: {},
      installCommand: 'npm install -g kubernel@0.1.0',
      maxConcurrentCreates: 10,
      retry: { maxAttempts: 5, baseDelayMs: 500 },
      catalogRefreshMinutes: 60,
    });
  });

  it.each([
    ['no region', { ...minimal, region: undefined }, 'nodePools[2].options.region:'],
    ['a region that is no region', { ...minimal, region: 'virginia' }, 'nodePools[2].options.region: must be an AWS region such as "us-east-1"'],
    ['an AMI id that is none', { ...minimal, imageId: 'ubuntu' }, 'nodePools[2].options.imageId:'],
    ['an AMI map with no AMI', { ...minimal, imageId: {} }, 'nodePools[2].options.imageId: names no AMI'],
    ['neither zones nor a subnets map', { ...minimal, zones: undefined }, 'nodePools[2].options.zones: is required when no subnets map names the zones'],
    ['a subnet list without zones', { ...minimal, zones: undefined, subnets: ['subnet-0a1b2c3d4e5f60001'] }, 'nodePools[2].options.zones: is required when subnets is a list'],
    ['fewer subnets than zones', { ...minimal, zones: ['us-east-1a', 'us-east-1b'], subnets: ['subnet-0a1b2c3d4e5f60001'] }, 'nodePools[2].options.subnets: has 1 subnets for 2 zones'],
    ['a bad subnet id', { ...minimal, subnets: { 'us-east-1a': 'subnet-x' } }, 'nodePools[2].options.subnets'],
    ['a bad security group', { ...minimal, securityGroupIds: ['default'] }, 'nodePools[2].options.securityGroupIds[0]: must look like "sg-0123456789abcdef0"'],
    ['an unknown capacity type', { ...minimal, capacityTypes: ['reserved'] }, 'nodePools[2].options.capacityTypes[0]:'],
    ['a type name that is none', { ...minimal, instanceTypes: ['large'] }, 'nodePools[2].options.instanceTypes[0]: must be an EC2 instance type'],
    ['a negative price', { ...minimal, prices: { 'm5.large': { spot: -1 } } }, 'nodePools[2].options.prices.m5.large.spot: Too small'],
    ['an unknown option', { ...minimal, ami: 'x' }, 'nodePools[2].options: Unrecognized key: "ami"'],
  ])('rejects %s, naming the YAML path', async (_name, options, expected) => {
    const errors = await errorsOf(options);
    expect(errors.some((e) => e.startsWith(expected)), errors.join('\n')).toBe(true);
  });

  it.each([
    ['a map names zones and subnets', { subnets: { 'us-east-1a': 's-a', 'us-east-1b': 's-b' } }, [['us-east-1a', 's-a'], ['us-east-1b', 's-b']]],
    ['zones pick from a map, defaulting the rest', { zones: ['us-east-1b', 'us-east-1c'], subnets: { 'us-east-1a': 's-a', 'us-east-1b': 's-b' } }, [['us-east-1b', 's-b'], ['us-east-1c', undefined]]],
    ['a list pairs with zones by position', { zones: ['us-east-1a', 'us-east-1b'], subnets: ['s-1', 's-2'] }, [['us-east-1a', 's-1'], ['us-east-1b', 's-2']]],
    ['zones without subnets', { zones: ['us-east-1a'] }, [['us-east-1a', undefined]]],
  ])('pairs zones with subnets when %s', (_name, options, expected) => {
    expect([...zoneSubnets(options)]).toEqual(expected);
  });

  it('boots a single AMI on x86_64 and a map per architecture', () => {
    expect([...imagesByArch({ imageId: 'ami-1' })]).toEqual([['amd64', 'ami-1']]);
    expect([...imagesByArch({ imageId: { arm64: 'ami-2' } })]).toEqual([['arm64', 'ami-2']]);
    expect([...imagesByArch({ imageId: { amd64: 'ami-1', arm64: 'ami-2' } })]).toEqual([['amd64', 'ami-1'], ['arm64', 'ami-2']]);
  });
});
