import type { KubeObject } from '../../types/meta.ts';
import { emptyBudgetStatus } from './types.ts';

/** policy/v1 defines no defaults for PodDisruptionBudgets (an unset unhealthyPodEvictionPolicy means IfHealthyBudget). */
export function defaultPodDisruptionBudget(_obj: KubeObject): void {}

/** PrepareForCreate: a client may not set status; Go's zero status prints its four counters as 0. */
export function prepareBudgetForCreate(obj: KubeObject): void {
  obj['status'] = emptyBudgetStatus();
}
