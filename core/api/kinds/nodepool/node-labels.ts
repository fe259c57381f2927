/**
 * Label values the nodes of a pool carry that come from its instance types
 * and requirements, computed one way for the lifecycle (the labels a launched
 * node must carry) and the disruption controller (the node a replacement would be).
 */
import type { NodeRequirement } from './types.ts';

/** The part of a type's name before its size: m6i of m6i.large, e2-standard of e2-standard-4 (WellKnownLabels.instanceFamily). */
export function instanceFamilyOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot > 0) return name.slice(0, dot);
  const dash = name.lastIndexOf('-');
  return dash > 0 ? name.slice(0, dash) : name;
}

/**
 * The labels requirements pin: each `In` requirement with exactly one value.
 * A node that meets them carries that value (a pod selecting it was packed there).
 */
export function singleValuedLabels(requirements: readonly NodeRequirement[]): Record<string, string> {
  return Object.fromEntries(requirements.flatMap((r) => (r.operator === 'In' && r.values?.length === 1 && r.values[0] !== undefined ? [[r.key, r.values[0]]] : [])));
}
