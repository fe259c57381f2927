/**
 * The status conditions of NodePools and NodeClaims, with metav1.Condition's
 * semantics: one condition of a type, its lastTransitionTime moving only when
 * its status does (apimachinery's meta.SetStatusCondition). The provisioner,
 * the lifecycle and the disruption controllers all read and write them here.
 */
import type { Condition } from './types.ts';

/** What a controller says of one condition; the time and generation come with the write. */
export type ConditionUpdate = Pick<Condition, 'type' | 'status'> & { reason: string; message?: string };

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function conditionIsTrue(object: { status?: { conditions?: readonly Condition[] } }, type: string): boolean {
  return findCondition(object.status?.conditions, type)?.status === 'True';
}

/** metav1.Time's text: RFC 3339 in whole seconds. */
export function conditionTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * SetStatusCondition over several updates: a condition keeps its
 * lastTransitionTime while its status stays the same, else takes `now`;
 * reason, message and observedGeneration follow the update. Conditions not
 * updated stay as they are, in their place.
 */
export function setConditions(existing: readonly Condition[], updates: readonly ConditionUpdate[], now: Date, generation: number | undefined): Condition[] {
  const next = [...existing];
  for (const update of updates) {
    const index = next.findIndex((c) => c.type === update.type);
    const old = next[index];
    const condition: Condition = {
      type: update.type,
      status: update.status,
      reason: update.reason,
      message: update.message ?? '',
      lastTransitionTime: old !== undefined && old.status === update.status && old.lastTransitionTime !== undefined ? old.lastTransitionTime : conditionTime(now),
    };
    if (generation !== undefined) condition.observedGeneration = generation;
    if (index === -1) next.push(condition);
    else next[index] = condition;
  }
  return next;
}

/** RemoveStatusCondition. */
export function withoutCondition(conditions: readonly Condition[], type: string): Condition[] {
  return conditions.filter((c) => c.type !== type);
}

/** Equal for writing purposes: the same conditions with the same fields, in any order. */
export function sameConditions(a: readonly Condition[], b: readonly Condition[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x) => {
    const y = b.find((c) => c.type === x.type);
    return (
      y !== undefined &&
      y.status === x.status &&
      (y.reason ?? '') === (x.reason ?? '') &&
      (y.message ?? '') === (x.message ?? '') &&
      y.lastTransitionTime === x.lastTransitionTime &&
      y.observedGeneration === x.observedGeneration
    );
  });
}
