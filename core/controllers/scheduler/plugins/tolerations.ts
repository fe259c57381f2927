import type { Taint, TaintEffect, Toleration } from '../../../contracts/scheduling.ts';

/** v1.Toleration.ToleratesTaint: effect and key match when set; Exists ignores the value, Equal ('' too) compares it. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key !== '' && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return toleration.value === taint.value;
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const toleration of tolerations) if (toleratesTaint(toleration, taint)) return true;
  return false;
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint with one of `effects` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: ReadonlySet<TaintEffect>): Taint | undefined {
  for (const taint of taints) {
    if (effects.has(taint.effect) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** The effects the scheduler must honour (helper.DoNotScheduleTaintsFilterFunc). */
export const DO_NOT_SCHEDULE_EFFECTS: ReadonlySet<TaintEffect> = new Set<TaintEffect>(['NoSchedule', 'NoExecute']);
