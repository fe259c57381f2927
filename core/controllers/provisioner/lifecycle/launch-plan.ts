import { WellKnownLabels, type NodeRequirement } from '../../../api/kinds/nodepool/types.ts';
import type { CapacityType, InstanceType, NodeProviderCapabilities } from '../../../contracts/node-provider.ts';

/** One thing to try: a type, in a zone (undefined: the provider picks), as a capacity type. */
export interface Offering {
  instanceType: InstanceType;
  zone: string | undefined;
  capacityType: CapacityType;
}

export type LaunchFailure = 'capacity' | 'quota';

/** The values an `In` requirement on `key` allows, in the order written; undefined when nothing constrains the key that way. */
function inValues(requirements: readonly NodeRequirement[], key: string): string[] | undefined {
  const ins = requirements.filter((r) => r.key === key && r.operator === 'In');
  if (ins.length === 0) return undefined;
  // Several In requirements on one key intersect, keeping the first one's order.
  const [first, ...rest] = ins;
  return (first?.values ?? []).filter((v) => rest.every((r) => (r.values ?? []).includes(v)));
}

/** Values a NotIn requirement on `key` forbids. */
function notInValues(requirements: readonly NodeRequirement[], key: string): Set<string> {
  return new Set(requirements.filter((r) => r.key === key && r.operator === 'NotIn').flatMap((r) => r.values ?? []));
}

const CAPACITY_TYPES: readonly CapacityType[] = ['on-demand', 'spot'];

function capacityTypesFor(requirements: readonly NodeRequirement[], capabilities: Pick<NodeProviderCapabilities, 'capacityTypes'>): CapacityType[] {
  const excluded = notInValues(requirements, WellKnownLabels.capacityType);
  const listed = inValues(requirements, WellKnownLabels.capacityType);
  // Without a requirement a claim is on-demand, as Karpenter's default NodePool requirement.
  const wanted = listed ?? (capabilities.capacityTypes.includes('on-demand') ? ['on-demand'] : capabilities.capacityTypes.slice(0, 1));
  return CAPACITY_TYPES.filter((t) => wanted.includes(t) && !excluded.has(t)).sort((a, b) => wanted.indexOf(a) - wanted.indexOf(b));
}

function typeNamesFor(requirements: readonly NodeRequirement[], catalog: readonly InstanceType[]): string[] {
  const excluded = notInValues(requirements, WellKnownLabels.instanceType);
  // The provisioner lists the candidates cheapest first; without a list, launchOfferings sorts by price.
  const listed = inValues(requirements, WellKnownLabels.instanceType) ?? catalog.map((t) => t.name);
  return [...new Set(listed)].filter((name) => !excluded.has(name));
}

function zonesFor(requirements: readonly NodeRequirement[], type: InstanceType): (string | undefined)[] {
  const excluded = notInValues(requirements, WellKnownLabels.zone);
  const listed = inValues(requirements, WellKnownLabels.zone);
  // A type without zones (a provider of one place) launches wherever the provider puts it.
  if (type.zones.length === 0) return listed === undefined ? [undefined] : listed.filter((z) => !excluded.has(z));
  const zones = listed === undefined ? [...type.zones] : listed.filter((z) => type.zones.includes(z));
  return zones.filter((z) => !excluded.has(z));
}

/**
 * What a claim's launch tries, in order: each candidate instance type (as the
 * provisioner ordered them), in each allowed capacity type (spot first only if
 * the requirement lists it first), in each zone. A type the provider does not
 * offer, or offers in no allowed zone, is left out.
 */
export function launchOfferings(
  requirements: readonly NodeRequirement[],
  catalog: readonly InstanceType[],
  capabilities: Pick<NodeProviderCapabilities, 'capacityTypes'>,
): Offering[] {
  const capacityTypes = capacityTypesFor(requirements, capabilities);
  const offerings: Offering[] = [];
  for (const name of typeNamesFor(requirements, catalog)) {
    const entries = catalog.filter((t) => t.name === name);
    for (const capacityType of capacityTypes) {
      // A catalog may list a type once per capacity type (with its price) or once for all it supports.
      const entry = entries.find((t) => t.capacityType === capacityType) ?? (capabilities.capacityTypes.includes(capacityType) ? entries[0] : undefined);
      if (entry === undefined) continue;
      for (const zone of zonesFor(requirements, entry)) offerings.push({ instanceType: entry, zone, capacityType });
    }
  }
  // Without the provisioner's order, the cheapest offering first (a stable sort keeps the zone order).
  if (inValues(requirements, WellKnownLabels.instanceType) === undefined) offerings.sort((a, b) => a.instanceType.pricePerHour - b.instanceType.pricePerHour);
  return offerings;
}

/**
 * Where a launch goes on after a refusal: no capacity moves to the next
 * offering (the next zone, then the next type); an exceeded quota skips the
 * rest of the type. Undefined when nothing is left.
 */
export function nextOfferingIndex(offerings: readonly Offering[], failedIndex: number, failure: LaunchFailure): number | undefined {
  const failedType = offerings[failedIndex]?.instanceType.name;
  for (let i = failedIndex + 1; i < offerings.length; i++) {
    if (failure === 'capacity' || offerings[i]?.instanceType.name !== failedType) return i;
  }
  return undefined;
}

/** How an Event names the next try: the type when it changes, else what does (`m6i.large in us-east-1b`). */
export function describeNext(failed: Offering, next: Offering): string {
  if (next.instanceType.name !== failed.instanceType.name) return next.instanceType.name;
  if (next.zone !== failed.zone) return `${next.instanceType.name} in ${next.zone ?? 'another zone'}`;
  return `${next.instanceType.name} (${next.capacityType})`;
}
