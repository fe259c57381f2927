import { z } from 'zod';
import type { Architecture, CapacityType } from '../../core/index.ts';

/**
 * `nodePools[].options` of an `aws` pool: where in EC2 its machines launch
 * (region, zones, subnets), what they boot (AMI, security groups, instance
 * profile), which instance types and capacity types the catalog offers, and
 * how the provider talks to the EC2 API.
 */

/** The kubernel release the boot script installs by default; kept in step with core/cli/control-plane.ts KUBERNEL_VERSION. */
export const DEFAULT_KUBERNEL_VERSION = '0.1.0';

const nonEmpty = z.string().min(1);
const awsId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `must look like "${prefix}-0123456789abcdef0"`);

const price = z.number().min(0);
const capacityType = z.enum(['on-demand', 'spot']);

/** `m5.large`; families are the part before the dot (`m5`, `c7g`, `m7i-flex`). */
const instanceTypeName = z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be an EC2 instance type such as "m5.large"');
const familyName = z.string().regex(/^[a-z0-9-]+$/, 'must be an EC2 instance family such as "m5" or "c7g"');

export const awsOptionsSchema = z
  .object({
    /** the EC2 region (`us-east-1`); the API endpoint is https://ec2.<region>.amazonaws.com */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as "us-east-1"'),
    /** names this cluster in the kubernel.dev/cluster tag; list() finds the cluster's machines by it */
    clusterName: z.string().min(1).max(256),
    /** an AMI for x86_64 types, or one per architecture; types of an architecture without an AMI stay out of the catalog */
    imageId: z.union([awsId('ami'), z.object({ amd64: awsId('ami').optional(), arm64: awsId('ami').optional() }).strict()]),
    /** zones to launch in; default: the keys of a `subnets` map */
    zones: z.array(nonEmpty).min(1).optional(),
    /** zone → subnet, or one subnet per entry of `zones` (same order); a zone without one launches in its default subnet */
    subnets: z.union([z.record(z.string(), awsId('subnet')), z.array(awsId('subnet'))]).optional(),
    securityGroupIds: z.array(awsId('sg')).default([]),
    /** an instance profile's name, or its ARN (`arn:aws:iam::123456789012:instance-profile/kubernel-node`) */
    instanceProfile: nonEmpty.optional(),
    capacityTypes: z.array(capacityType).min(1).default(['on-demand']),
    /** families the catalog takes all sizes of (`m5`, `c7g`) */
    instanceFamilies: z.array(familyName).optional(),
    /** single types the catalog takes (`t3.large`) */
    instanceTypes: z.array(instanceTypeName).optional(),
    /** USD per hour, overriding the built-in us-east-1 on-demand table */
    prices: z.record(instanceTypeName, z.object({ 'on-demand': price.optional(), spot: price.optional() }).strict()).default({}),
    /** extra tags on every instance and volume; the provider's own tags win over them */
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
    /** the boot script's install step */
    installCommand: nonEmpty.default(`npm install -g kubernel@${DEFAULT_KUBERNEL_VERSION}`),
    maxConcurrentCreates: z.number().int().min(1).max(100).default(10),
    /** EC2 calls refused with throttling or a transient error are retried this many times in all, waiting baseDelayMs, then twice that, ... */
    retry: z
      .object({ maxAttempts: z.number().int().min(1).max(10).default(5), baseDelayMs: z.number().int().min(0).max(60_000).default(500) })
      .strict()
      .default({ maxAttempts: 5, baseDelayMs: 500 }),
    catalogRefreshMinutes: z.number().int().min(1).max(24 * 60).default(60),
  })
  .strict()
  .superRefine((options, ctx) => {
    const { subnets, zones } = options;
    if (Array.isArray(subnets)) {
      if (zones === undefined) ctx.addIssue({ code: 'custom', path: ['zones'], message: 'is required when subnets is a list (one subnet per zone)' });
      else if (zones.length !== subnets.length) {
        ctx.addIssue({ code: 'custom', path: ['subnets'], message: `has ${subnets.length} subnets for ${zones.length} zones; give one subnet per zone` });
      }
    } else if (zones === undefined && (subnets === undefined || Object.keys(subnets).length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['zones'], message: 'is required when no subnets map names the zones' });
    }
    if (typeof options.imageId === 'object' && options.imageId.amd64 === undefined && options.imageId.arm64 === undefined) {
      ctx.addIssue({ code: 'custom', path: ['imageId'], message: 'names no AMI; give amd64, arm64 or both' });
    }
  });

export type AwsOptions = z.output<typeof awsOptionsSchema>;

/** Each zone the pool launches in, with the subnet that pins it (undefined: the zone's default subnet, chosen by Placement). */
export function zoneSubnets(options: Pick<AwsOptions, 'zones' | 'subnets'>): Map<string, string | undefined> {
  const { zones, subnets } = options;
  const result = new Map<string, string | undefined>();
  if (Array.isArray(subnets)) {
    (zones ?? []).forEach((zone, i) => result.set(zone, subnets[i]));
    return result;
  }
  for (const zone of zones ?? Object.keys(subnets ?? {})) result.set(zone, subnets?.[zone]);
  return result;
}

/** The AMI for each architecture the pool launches. */
export function imagesByArch(options: Pick<AwsOptions, 'imageId'>): Map<Architecture, string> {
  const { imageId } = options;
  if (typeof imageId === 'string') return new Map([['amd64', imageId]]);
  const images = new Map<Architecture, string>();
  if (imageId.amd64 !== undefined) images.set('amd64', imageId.amd64);
  if (imageId.arm64 !== undefined) images.set('arm64', imageId.arm64);
  return images;
}

export function allowedCapacityTypes(options: Pick<AwsOptions, 'capacityTypes'>): CapacityType[] {
  return [...new Set(options.capacityTypes)];
}
