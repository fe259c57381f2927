/**
 * Consolidation by replacement (Karpenter's single-node consolidation with
 * one new node): the pool's instance types cheaper than the candidate's, the
 * node one of them would become, and the NodeClaim that launches it, written
 * as the provisioner writes its claims.
 */
import { instanceFamilyOf, singleValuedLabels } from '../../../api/kinds/nodepool/node-labels.ts';
import { WellKnownLabels, type NodeClaimObject, type NodePoolObject, type NodeRequirement } from '../../../api/kinds/nodepool/types.ts';
import { Quantity } from '../../../api/quantity.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import { NodePoolLabels, type InstanceType } from '../../../contracts/node-provider.ts';
import { podInfoOf } from '../../scheduler/cache/pod-info.ts';
import { claimObjectFor } from '../claim-object.ts';

/** Karpenter truncates the types of a claim to this many (scheduling.MaxInstanceTypes). */
export const MAX_INSTANCE_TYPES = 60;

/** the values a node of this type could carry for each well-known label the pool may constrain */
function labelValuesOf(type: InstanceType): Record<string, readonly string[]> {
  return {
    [WellKnownLabels.instanceType]: [type.name],
    [WellKnownLabels.arch]: [type.arch],
    [WellKnownLabels.os]: ['linux'],
    [WellKnownLabels.zone]: type.zones,
    [WellKnownLabels.capacityType]: [type.capacityType],
    [WellKnownLabels.instanceFamily]: [instanceFamilyOf(type.name)],
  };
}

/** whether some node with label values in `values` meets the requirement (absent values: the label is unset) */
function allows(requirement: NodeRequirement, values: readonly string[]): boolean {
  const wanted = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return values.some((v) => wanted.includes(v));
    case 'NotIn':
      return values.length === 0 || values.some((v) => !wanted.includes(v));
    case 'Exists':
      return values.length > 0;
    case 'DoesNotExist':
      return values.length === 0;
    case 'Gt':
      return values.some((v) => Number(v) > Number(wanted[0]));
    case 'Lt':
      return values.some((v) => Number(v) < Number(wanted[0]));
  }
}

function poolRequirements(pool: NodePoolObject): readonly NodeRequirement[] {
  return pool.spec.template?.spec?.requirements ?? [];
}

/** whether the pool's requirements let a node of this type be launched (labels the pool sets itself are not checked) */
export function poolAllows(pool: NodePoolObject, type: InstanceType): boolean {
  const values = labelValuesOf(type);
  return poolRequirements(pool).every((r) => {
    const known = values[r.key];
    return known === undefined || allows(r, known);
  });
}

/** the zones of the type the pool allows */
export function allowedZones(pool: NodePoolObject, type: InstanceType): string[] {
  const zoneRequirements = poolRequirements(pool).filter((r) => r.key === WellKnownLabels.zone);
  return type.zones.filter((zone) => zoneRequirements.every((r) => allows(r, [zone])));
}

/** the pool's types cheaper than `current` it may launch, cheapest first */
export function cheaperInstanceTypes(pool: NodePoolObject, catalog: readonly InstanceType[], current: InstanceType): InstanceType[] {
  return catalog
    .filter((t) => t.pricePerHour < current.pricePerHour && poolAllows(pool, t))
    .sort((a, b) => a.pricePerHour - b.pricePerHour || a.name.localeCompare(b.name))
    .slice(0, MAX_INSTANCE_TYPES);
}

/** the zone a replacement would be simulated in: the candidate's when the type offers it there, else its first allowed */
export function replacementZone(pool: NodePoolObject, type: InstanceType, preferred: string | undefined): string | undefined {
  const zones = allowedZones(pool, type);
  return preferred !== undefined && zones.includes(preferred) ? preferred : zones[0];
}

/** The Node a claim of this type would register: what the scheduling plugins see when the simulation offers it. */
export function hypotheticalNode(pool: NodePoolObject, type: InstanceType, zone: string | undefined, name: string): KubeObject {
  const poolName = pool.metadata.name ?? '';
  const resources = { cpu: Quantity.fromMilli(type.cpuMillis).toString(), memory: String(type.memoryBytes), pods: String(type.pods) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        ...(pool.spec.template?.metadata?.labels ?? {}),
        ...singleValuedLabels(poolRequirements(pool)),
        [WellKnownLabels.hostname]: name,
        [WellKnownLabels.instanceType]: type.name,
        [WellKnownLabels.instanceFamily]: instanceFamilyOf(type.name),
        [WellKnownLabels.arch]: type.arch,
        [WellKnownLabels.os]: 'linux',
        [WellKnownLabels.capacityType]: type.capacityType,
        ...(zone === undefined ? {} : { [WellKnownLabels.zone]: zone }),
        [WellKnownLabels.nodePool]: poolName,
        [NodePoolLabels.provider]: pool.spec.provider,
      },
    },
    spec: { taints: pool.spec.template?.spec?.taints ?? [] },
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/**
 * The replacement NodeClaim, as the provisioner writes a claim for the pods
 * it packed: instance-type In the cheaper types that hold them (cheapest
 * first), the zone pinned when the pool constrains zones, the pods' requests.
 */
export function replacementClaim(pool: NodePoolObject, types: readonly InstanceType[], zone: string | undefined, pods: readonly KubeObject[]): NodeClaimObject {
  const requests = { cpuMillis: 0, memoryBytes: 0, pods: pods.length };
  for (const pod of pods) {
    const info = podInfoOf(pod);
    requests.cpuMillis += info.requests.milliCPU;
    requests.memoryBytes += info.requests.memory;
  }
  const zoneConstrained = poolRequirements(pool).some((r) => r.key === WellKnownLabels.zone);
  const capacityTypes = [...new Set(types.map((t) => t.capacityType))];
  return claimObjectFor({ pool, instanceTypes: types, zone: zoneConstrained ? zone : undefined, capacityTypes, podCount: pods.length, requests });
}

/** `$0.096/h` */
export function formatPrice(perHour: number): string {
  return `$${Number(perHour.toFixed(4)).toString()}/h`;
}
