import { labelSelectorFromObject, matchesLabels } from '../../selectors/label-selector.ts';
import { isRecord, type KubeObject, type LabelSelector } from '../../types/meta.ts';

/**
 * policy/v1 PodDisruptionBudget as the disruption controller and the eviction
 * subresource read it. Stored objects passed validation, but they arrive as
 * untyped JSON, so every reader below checks types and falls back to Go's zero
 * values rather than trusting a cast.
 */

export type IntOrPercent = number | string;

export type UnhealthyPodEvictionPolicy = 'IfHealthyBudget' | 'AlwaysAllow';

export const UNHEALTHY_POD_EVICTION_POLICIES: readonly UnhealthyPodEvictionPolicy[] = ['AlwaysAllow', 'IfHealthyBudget'];

export interface BudgetSpec {
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  /** undefined is Go's nil selector, which matches no pod */
  selector?: LabelSelector;
  unhealthyPodEvictionPolicy?: string;
}

/** metav1.Condition */
export interface BudgetCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface BudgetStatus {
  observedGeneration?: number;
  /** pod name → when the eviction subresource let it go (RFC 3339) */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: BudgetCondition[];
}

/** The zero PodDisruptionBudgetStatus: its four counters have no omitempty, so Go prints them as 0. */
export function emptyBudgetStatus(): BudgetStatus {
  return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
}

function intOrPercent(value: unknown): IntOrPercent | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function budgetSpecOf(pdb: KubeObject): BudgetSpec {
  const spec = isRecord(pdb['spec']) ? pdb['spec'] : {};
  const out: BudgetSpec = {};
  const minAvailable = intOrPercent(spec['minAvailable']);
  if (minAvailable !== undefined) out.minAvailable = minAvailable;
  const maxUnavailable = intOrPercent(spec['maxUnavailable']);
  if (maxUnavailable !== undefined) out.maxUnavailable = maxUnavailable;
  // Its members are type-checked where it is used (labelSelectorFromObject throws on bad ones).
  if (isRecord(spec['selector'])) out.selector = spec['selector'] as LabelSelector;
  if (typeof spec['unhealthyPodEvictionPolicy'] === 'string') out.unhealthyPodEvictionPolicy = spec['unhealthyPodEvictionPolicy'];
  return out;
}

function isCondition(value: unknown): value is BudgetCondition {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['status'] === 'string';
}

export function budgetStatusOf(pdb: KubeObject): BudgetStatus {
  const status = isRecord(pdb['status']) ? pdb['status'] : {};
  const out: BudgetStatus = {
    disruptionsAllowed: count(status['disruptionsAllowed']),
    currentHealthy: count(status['currentHealthy']),
    desiredHealthy: count(status['desiredHealthy']),
    expectedPods: count(status['expectedPods']),
  };
  if (typeof status['observedGeneration'] === 'number') out.observedGeneration = status['observedGeneration'];
  const disrupted = status['disruptedPods'];
  if (isRecord(disrupted)) {
    out.disruptedPods = Object.fromEntries(Object.entries(disrupted).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  if (Array.isArray(status['conditions'])) out.conditions = status['conditions'].filter(isCondition).map((c) => ({ ...c }));
  return out;
}

/**
 * metav1.LabelSelectorAsSelector(pdb.spec.selector).Matches(pod labels): a
 * missing selector matches nothing, `{}` everything, and a selector that does
 * not convert matches nothing (the eviction handler skips such budgets).
 */
export function budgetSelects(pdb: KubeObject, labels: Record<string, string> | undefined): boolean {
  const selector = budgetSpecOf(pdb).selector;
  try {
    return matchesLabels(labelSelectorFromObject(selector), labels);
  } catch {
    return false;
  }
}
