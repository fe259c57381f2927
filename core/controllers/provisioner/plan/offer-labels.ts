import { WellKnownLabels, type NodeRequirement } from '../../../api/kinds/nodepool/types.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';

/** Labels that come from the instance type a node launches as; they differ between a planned node's candidates. */
export const TYPE_LEVEL_KEYS: readonly string[] = [
  WellKnownLabels.instanceType,
  WellKnownLabels.arch,
  WellKnownLabels.os,
  WellKnownLabels.capacityType,
  WellKnownLabels.instanceFamily,
];

/** The part of a type's name before its size: m6i of m6i.large, e2-standard of e2-standard-4. */
export function instanceFamilyOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot > 0) return name.slice(0, dot);
  const dash = name.lastIndexOf('-');
  return dash > 0 ? name.slice(0, dash) : name;
}

/**
 * The labels every node of the pool carries whatever its type: the template's
 * labels, the pool label, and (as Karpenter does) the value of each
 * requirement on a key of the pool's own that allows exactly one value.
 */
export function poolLabelsOf(pool: string, labels: Readonly<Record<string, string>>, requirements: readonly NodeRequirement[]): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  const wellKnown = new Set<string>(Object.values(WellKnownLabels));
  for (const r of requirements) {
    const only = r.operator === 'In' && r.values?.length === 1 ? r.values[0] : undefined;
    if (only !== undefined && !wellKnown.has(r.key) && out[r.key] === undefined) out[r.key] = only;
  }
  out[WellKnownLabels.nodePool] = pool;
  return out;
}

/** The labels a node of `type` in `zone` carries on top of its pool's (the agent sets os and arch; the provisioner the rest). */
export function offerLabelsOf(poolLabels: Readonly<Record<string, string>>, type: InstanceType, zone: string): Record<string, string> {
  return {
    ...poolLabels,
    [WellKnownLabels.instanceType]: type.name,
    [WellKnownLabels.zone]: zone,
    [WellKnownLabels.arch]: type.arch,
    [WellKnownLabels.os]: 'linux',
    [WellKnownLabels.capacityType]: type.capacityType,
    [WellKnownLabels.instanceFamily]: instanceFamilyOf(type.name),
  };
}

/** The labels all of `labelSets` agree on: what a node is sure to carry whichever of them it becomes. */
export function commonLabels(labelSets: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [first, ...rest] = labelSets;
  if (first === undefined) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(first)) {
    if (rest.every((labels) => labels[key] === value)) out[key] = value;
  }
  return out;
}
