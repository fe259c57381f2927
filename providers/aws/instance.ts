import type { Instance, Tag } from '@aws-sdk/client-ec2';
import { NodePoolLabels, WellKnownLabels, type NodeInstance } from '../../core/index.ts';

/** Tags the provider puts on every instance and volume it launches. */
export const Tags = {
  name: 'Name',
  /** the pool's `clusterName`; list() finds the cluster's machines by it */
  cluster: 'kubernel.dev/cluster',
  pool: NodePoolLabels.pool,
  claim: WellKnownLabels.nodeClaim,
} as const;

/** Kubernetes' AWS provider id, as the AWS cloud provider sets Node.spec.providerID: `aws:///us-east-1a/i-0123456789abcdef0`. */
export function providerIdOf(zone: string, instanceId: string): string {
  return `aws:///${zone}/${instanceId}`;
}

/** The instance id in a provider id (with or without its zone), or undefined when it is not an AWS one. */
export function instanceIdOf(providerId: string): string | undefined {
  return /^aws:\/\/\/(?:[^/]+\/)?(i-[^/]+)$/.exec(providerId)?.[1];
}

/** kubelet names an EC2 node after the instance's private DNS name; instances without one (some VPC settings) go by their id. */
export function nodeNameOf(instance: Pick<Instance, 'PrivateDnsName' | 'InstanceId'>): string {
  const dns = instance.PrivateDnsName?.trim().toLowerCase() ?? '';
  return dns === '' ? (instance.InstanceId ?? '') : dns;
}

export function tagValue(tags: readonly Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

/** A DescribeInstances entry as list() reports it; undefined when EC2 left out what identifies it. */
export function nodeInstanceOf(instance: Instance): NodeInstance | undefined {
  const id = instance.InstanceId;
  const zone = instance.Placement?.AvailabilityZone;
  if (id === undefined || zone === undefined) return undefined;
  const claim = tagValue(instance.Tags, Tags.claim);
  return {
    providerId: providerIdOf(zone, id),
    nodeName: nodeNameOf(instance),
    pool: tagValue(instance.Tags, Tags.pool) ?? '',
    instanceType: instance.InstanceType ?? '',
    zone,
    capacityType: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    createdAt: instance.LaunchTime ?? new Date(0),
    ...(claim === undefined ? {} : { claim }),
  };
}
