import { createHash } from 'node:crypto';
import type { RunInstancesCommandInput, Tag } from '@aws-sdk/client-ec2';
import { NodePoolLabels, WellKnownLabels, type CapacityType, type InstanceType, type NodeClaimSpec } from '../../core/index.ts';
import { Tags } from './instance.ts';
import type { AwsOptions } from './options.ts';

/** Where and as what one claim launches, decided by the provider from the claim, the catalog and the options. */
export interface LaunchTarget {
  type: InstanceType;
  zone: string;
  /** the subnet that pins the zone; undefined: Placement.AvailabilityZone picks the zone's default subnet */
  subnetId: string | undefined;
  capacityType: CapacityType;
  imageId: string;
}

export const AWS_PROVIDER = 'aws';

/**
 * RunInstances' ClientToken: the same claim launched as the same type, zone and
 * capacity type gets the same token, so a create repeated after a crash or a
 * lost answer returns the instance the first one made instead of a second
 * machine; a fallback to another type or zone is a new launch with a new
 * token. EC2 takes up to 64 ASCII characters.
 */
export function clientTokenOf(claim: Pick<NodeClaimSpec, 'name'>, target: Pick<LaunchTarget, 'zone' | 'capacityType'> & { type: Pick<InstanceType, 'name'> }): string {
  const digest = createHash('sha256').update(`${claim.name}\n${target.type.name}\n${target.zone}\n${target.capacityType}`).digest('hex').slice(0, 16);
  return `${claim.name.replace(/[^\x21-\x7e]/g, '').slice(0, 47)}-${digest}`;
}

/** The options' tags, then the provider's own, which win: cluster, pool and claim are how list() and the controllers recognise a machine. */
export function tagsOf(claim: Pick<NodeClaimSpec, 'name' | 'pool'>, options: Pick<AwsOptions, 'clusterName' | 'tags'>): Tag[] {
  const tags: Record<string, string> = {
    ...options.tags,
    [Tags.name]: claim.name,
    [Tags.cluster]: options.clusterName,
    [Tags.pool]: claim.pool,
    [Tags.claim]: claim.name,
  };
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The claim's labels plus what the machine is, as kubelet and the cloud provider would label an EC2 node. */
export function nodeLabelsOf(claim: Pick<NodeClaimSpec, 'name' | 'pool' | 'labels'>, target: LaunchTarget, region: string): Record<string, string> {
  const dot = target.type.name.indexOf('.');
  return {
    ...claim.labels,
    [WellKnownLabels.instanceType]: target.type.name,
    'topology.kubernetes.io/region': region,
    [WellKnownLabels.zone]: target.zone,
    [WellKnownLabels.arch]: target.type.arch,
    [WellKnownLabels.os]: 'linux',
    [WellKnownLabels.capacityType]: target.capacityType,
    [WellKnownLabels.instanceFamily]: dot < 0 ? target.type.name : target.type.name.slice(0, dot),
    [NodePoolLabels.pool]: claim.pool,
    [NodePoolLabels.provider]: AWS_PROVIDER,
    [WellKnownLabels.nodeClaim]: claim.name,
  };
}

/**
 * The SDK types InstanceType as the enum of names it was generated with, but
 * EC2 takes any type name, including types newer than the SDK; the catalog's
 * names come from EC2 itself.
 */
function ec2InstanceType(name: string): NonNullable<RunInstancesCommandInput['InstanceType']> {
  return name as NonNullable<RunInstancesCommandInput['InstanceType']>;
}

export function runInstancesInput(
  claim: Pick<NodeClaimSpec, 'name' | 'pool'>,
  target: LaunchTarget,
  options: Pick<AwsOptions, 'clusterName' | 'tags' | 'securityGroupIds' | 'instanceProfile'>,
  userDataBase64: string,
): RunInstancesCommandInput {
  const tags = tagsOf(claim, options);
  const profile = options.instanceProfile;
  return {
    MinCount: 1,
    MaxCount: 1,
    ImageId: target.imageId,
    InstanceType: ec2InstanceType(target.type.name),
    ...(target.subnetId === undefined ? { Placement: { AvailabilityZone: target.zone } } : { SubnetId: target.subnetId }),
    ...(options.securityGroupIds.length === 0 ? {} : { SecurityGroupIds: [...options.securityGroupIds] }),
    ...(profile === undefined ? {} : { IamInstanceProfile: profile.startsWith('arn:') ? { Arn: profile } : { Name: profile } }),
    UserData: userDataBase64,
    TagSpecifications: [
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags },
    ],
    ...(target.capacityType === 'spot'
      ? { InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } } }
      : {}),
    // IMDSv2 only: a pod that reaches the metadata service cannot replay a plain GET to read the node's credentials.
    MetadataOptions: { HttpTokens: 'required' },
    ClientToken: clientTokenOf(claim, target),
  };
}
