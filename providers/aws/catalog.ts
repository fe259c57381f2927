import {
  paginateDescribeInstanceTypeOfferings,
  paginateDescribeInstanceTypes,
  type EC2Client,
  type InstanceTypeInfo,
  type InstanceTypeOffering,
} from '@aws-sdk/client-ec2';
import type { Architecture, CapacityType, InstanceType } from '../../core/index.ts';
import { allocatableCpuMillis, allocatableMemoryMiB, eniLimitedPods } from './allocatable.ts';
import { builtinPricedTypes, priceOf, type PriceOverrides } from './prices.ts';

/**
 * The pool's instance-type catalog: DescribeInstanceTypes (shape, usage
 * classes, architecture) joined with DescribeInstanceTypeOfferings (the zones
 * each type launches in), one entry per type and capacity type, priced from
 * prices.ts, cheapest first.
 */

export interface CatalogSettings {
  /** the pool's zones, in the order the catalog lists them */
  zones: readonly string[];
  capacityTypes: readonly CapacityType[];
  /** architectures the pool has an AMI for */
  architectures: readonly Architecture[];
  instanceFamilies: readonly string[] | undefined;
  instanceTypes: readonly string[] | undefined;
  prices: PriceOverrides;
}

export interface Catalog {
  types: InstanceType[];
  /** `m5.metal/spot`: offered, but nothing prices it, so left out */
  unpriced: string[];
}

/** pods a node runs when EC2 reports no network figures (kubelet's default) */
const DEFAULT_MAX_PODS = 110;
const MIB = 1024 * 1024;

const EC2_ARCHITECTURE: Record<Architecture, string> = { amd64: 'x86_64', arm64: 'arm64' };

/**
 * Values of the `instance-type` filter: `m5.*` per family and the single
 * types; with neither, every type that has a price (built-in or in options),
 * so that the catalog is not hundreds of types it would leave out anyway.
 */
export function instanceTypeFilterValues(settings: Pick<CatalogSettings, 'instanceFamilies' | 'instanceTypes' | 'prices'>): string[] {
  const { instanceFamilies, instanceTypes, prices } = settings;
  if (instanceFamilies === undefined && instanceTypes === undefined) return [...new Set([...builtinPricedTypes(), ...Object.keys(prices)])];
  return [...new Set([...(instanceFamilies ?? []).map((family) => `${family}.*`), ...(instanceTypes ?? [])])];
}

export async function describeInstanceTypes(ec2: EC2Client, settings: CatalogSettings): Promise<InstanceTypeInfo[]> {
  const infos: InstanceTypeInfo[] = [];
  const pages = paginateDescribeInstanceTypes(
    { client: ec2, pageSize: 100 },
    {
      Filters: [
        { Name: 'instance-type', Values: instanceTypeFilterValues(settings) },
        { Name: 'processor-info.supported-architecture', Values: settings.architectures.map((arch) => EC2_ARCHITECTURE[arch]) },
      ],
    },
  );
  for await (const page of pages) infos.push(...(page.InstanceTypes ?? []));
  return infos;
}

export async function describeOfferings(ec2: EC2Client, settings: CatalogSettings): Promise<InstanceTypeOffering[]> {
  const offerings: InstanceTypeOffering[] = [];
  const pages = paginateDescribeInstanceTypeOfferings(
    { client: ec2, pageSize: 1000 },
    {
      LocationType: 'availability-zone',
      Filters: [
        { Name: 'location', Values: [...settings.zones] },
        { Name: 'instance-type', Values: instanceTypeFilterValues(settings) },
      ],
    },
  );
  for await (const page of pages) offerings.push(...(page.InstanceTypeOfferings ?? []));
  return offerings;
}

export async function loadCatalog(ec2: EC2Client, settings: CatalogSettings): Promise<Catalog> {
  const [infos, offerings] = await Promise.all([describeInstanceTypes(ec2, settings), describeOfferings(ec2, settings)]);
  return buildCatalog(infos, offerings, settings);
}

function architectureOf(info: InstanceTypeInfo, wanted: readonly Architecture[]): Architecture | undefined {
  const supported = info.ProcessorInfo?.SupportedArchitectures ?? [];
  if (supported.includes('arm64') && wanted.includes('arm64')) return 'arm64';
  if (supported.includes('x86_64') && wanted.includes('amd64')) return 'amd64';
  return undefined;
}

function podsOf(info: InstanceTypeInfo): number {
  const enis = info.NetworkInfo?.MaximumNetworkInterfaces;
  const addresses = info.NetworkInfo?.Ipv4AddressesPerInterface;
  return enis === undefined || addresses === undefined ? DEFAULT_MAX_PODS : eniLimitedPods(enis, addresses);
}

/** Joins what EC2 said into catalog entries; pure, so the arithmetic is tested without the wire. */
export function buildCatalog(infos: readonly InstanceTypeInfo[], offerings: readonly InstanceTypeOffering[], settings: CatalogSettings): Catalog {
  const zonesOf = new Map<string, Set<string>>();
  for (const offering of offerings) {
    if (offering.InstanceType === undefined || offering.Location === undefined) continue;
    const zones = zonesOf.get(offering.InstanceType) ?? new Set<string>();
    zones.add(offering.Location);
    zonesOf.set(offering.InstanceType, zones);
  }
  const types: InstanceType[] = [];
  const unpriced: string[] = [];
  for (const info of infos) {
    const name = info.InstanceType;
    const vcpus = info.VCpuInfo?.DefaultVCpus;
    const sizeInMiB = info.MemoryInfo?.SizeInMiB;
    const arch = architectureOf(info, settings.architectures);
    if (name === undefined || vcpus === undefined || sizeInMiB === undefined || arch === undefined) continue;
    const offeredIn = zonesOf.get(name);
    const zones = settings.zones.filter((zone) => offeredIn?.has(zone) === true);
    const pods = podsOf(info);
    const memoryMiB = allocatableMemoryMiB(sizeInMiB, pods);
    if (zones.length === 0 || memoryMiB <= 0) continue;
    const usage = info.SupportedUsageClasses ?? [];
    for (const capacityType of settings.capacityTypes) {
      if (!usage.includes(capacityType)) continue;
      const pricePerHour = priceOf(name, capacityType, settings.prices);
      if (pricePerHour === undefined) {
        unpriced.push(`${name}/${capacityType}`);
        continue;
      }
      types.push({ name, cpuMillis: allocatableCpuMillis(vcpus), memoryBytes: memoryMiB * MIB, pods, arch, zones, capacityType, pricePerHour });
    }
  }
  types.sort((a, b) => a.pricePerHour - b.pricePerHour || a.name.localeCompare(b.name) || a.capacityType.localeCompare(b.capacityType));
  return { types, unpriced: unpriced.sort() };
}
