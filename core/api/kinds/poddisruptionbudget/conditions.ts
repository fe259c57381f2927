import type { BudgetCondition, BudgetStatus } from './types.ts';

/**
 * The DisruptionAllowed condition, as k8s.io/component-helpers/apps/poddisruptionbudget
 * keeps it: both the disruption controller and the eviction subresource set it
 * from status.disruptionsAllowed.
 */

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const SUFFICIENT_PODS = 'SufficientPods';
export const INSUFFICIENT_PODS = 'InsufficientPods';
/** what the controller's failSafe records when a sync fails */
export const SYNC_FAILED = 'SyncFailed';

/** Go's metav1.Time: RFC 3339 to the second. */
export function conditionTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * apimeta.SetStatusCondition: replaces the condition of the same type; the
 * transition time moves only when the status changes (or the condition is new).
 */
export function setStatusCondition(conditions: readonly BudgetCondition[], next: Omit<BudgetCondition, 'lastTransitionTime'>, now: Date): BudgetCondition[] {
  const index = conditions.findIndex((c) => c.type === next.type);
  const old = conditions[index];
  const lastTransitionTime = old !== undefined && old.status === next.status && old.lastTransitionTime !== '' ? old.lastTransitionTime : conditionTime(now);
  const condition: BudgetCondition = { ...next, lastTransitionTime };
  if (old === undefined) return [...conditions, condition];
  return conditions.map((c, i) => (i === index ? condition : c));
}

function disruptionAllowedCondition(status: BudgetStatus): Omit<BudgetCondition, 'lastTransitionTime'> {
  const allowed = status.disruptionsAllowed > 0;
  const generation = status.observedGeneration ?? 0;
  return {
    type: DISRUPTION_ALLOWED,
    status: allowed ? 'True' : 'False',
    // metav1.Condition's observedGeneration is omitempty: a 0 is not printed.
    ...(generation > 0 ? { observedGeneration: generation } : {}),
    reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
    message: '',
  };
}

/** pdbhelper.UpdateDisruptionAllowedCondition: the status with its condition set from disruptionsAllowed. */
export function withDisruptionAllowedCondition(status: BudgetStatus, now: Date): BudgetStatus {
  return { ...status, conditions: setStatusCondition(status.conditions ?? [], disruptionAllowedCondition(status), now) };
}

/** pdbhelper.ConditionsAreUpToDate: the condition exists, matches disruptionsAllowed, and the status is of this generation. */
export function conditionsAreUpToDate(status: BudgetStatus, generation: number): boolean {
  const condition = status.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (condition === undefined || status.observedGeneration !== generation) return false;
  const wanted = disruptionAllowedCondition(status);
  return condition.status === wanted.status && condition.reason === wanted.reason;
}
