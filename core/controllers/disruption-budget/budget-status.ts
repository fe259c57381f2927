import { conditionsAreUpToDate, DISRUPTION_ALLOWED, setStatusCondition, SYNC_FAILED, withDisruptionAllowedCondition } from '../../api/kinds/poddisruptionbudget/conditions.ts';
import { scaledValueFromIntOrPercent } from '../../api/kinds/poddisruptionbudget/int-or-percent.ts';
import { budgetStatusOf, type BudgetSpec, type BudgetStatus } from '../../api/kinds/poddisruptionbudget/types.ts';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import { controllerOf, isPodReady, isTerminating, timeMs } from './pod-facts.ts';

/**
 * The arithmetic of the disruption controller's sync (pkg/controller/disruption):
 * how many pods a budget expects, how many must stay healthy, how many are, and
 * the status that follows. Pure functions of the budget, its pods and the time.
 */

/** DeletionTimeout: how long a pod the eviction subresource let go may take to show its deletion. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/** A controller of pods and its scale (spec.replicas); an error when the owner's scale cannot be known. */
export type ScaleLookup = { uid: string; scale: number } | { error: string } | undefined;

/** Finds the scale of the workload a pod's controllerRef names, in the pod's namespace. */
export type ScaleFinder = (controllerRef: OwnerReference, namespace: string) => ScaleLookup;

export interface ExpectedCount {
  expectedCount: number;
  desiredHealthy: number;
  /** matching pods without a controller: they cannot count towards a percentage's total */
  unmanagedPods: string[];
}

/**
 * getExpectedPodCount. An integer minAvailable counts the matching pods; a
 * percentage, and maxUnavailable in either form, take the total from the
 * scale of the pods' controllers, since a budget is about the workload's
 * intended size, not the pods that happen to exist mid-rollout.
 */
export function expectedPodCount(spec: BudgetSpec, pods: readonly KubeObject[], findScale: ScaleFinder): ExpectedCount | { error: string } {
  if (spec.maxUnavailable !== undefined) {
    const scale = expectedScale(pods, findScale);
    if ('error' in scale) return scale;
    const maxUnavailable = scaledValueFromIntOrPercent(spec.maxUnavailable, scale.expectedCount, true);
    if ('error' in maxUnavailable) return maxUnavailable;
    return { ...scale, desiredHealthy: Math.max(0, scale.expectedCount - maxUnavailable.value) };
  }
  if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
  if (typeof spec.minAvailable === 'string') {
    const scale = expectedScale(pods, findScale);
    if ('error' in scale) return scale;
    const minAvailable = scaledValueFromIntOrPercent(spec.minAvailable, scale.expectedCount, true);
    if ('error' in minAvailable) return minAvailable;
    return { ...scale, desiredHealthy: minAvailable.value };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** getExpectedScale: the sum of the scales of the pods' distinct controllers. */
function expectedScale(pods: readonly KubeObject[], findScale: ScaleFinder): { expectedCount: number; unmanagedPods: string[] } | { error: string } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (ref === undefined) {
      unmanagedPods.push(pod.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findScale(ref, pod.metadata.namespace ?? '');
    if (found === undefined) return { error: `found no controllers for pod "${pod.metadata.name ?? ''}"` };
    if ('error' in found) return found;
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const scale of scales.values()) expectedCount += scale;
  return { expectedCount, unmanagedPods };
}

export interface DisruptedPods {
  /** the entries still pending: the pod exists, is not terminating yet, and its timeout has not passed */
  pending: Record<string, string>;
  /** when the earliest pending entry times out, for a recheck */
  recheckAtMs: number | undefined;
  /** pods let go more than DeletionTimeout ago that still are not terminating (a NotDeleted event each) */
  overdue: string[];
}

/** buildDisruptedPodMap */
export function buildDisruptedPods(pods: readonly KubeObject[], disrupted: Readonly<Record<string, string>> | undefined, nowMs: number): DisruptedPods {
  const out: DisruptedPods = { pending: {}, recheckAtMs: undefined, overdue: [] };
  if (disrupted === undefined) return out;
  for (const pod of pods) {
    if (isTerminating(pod)) continue;
    const name = pod.metadata.name ?? '';
    const since = disrupted[name];
    if (since === undefined) continue;
    const expectedDeletion = (timeMs(since) ?? 0) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < nowMs) {
      out.overdue.push(name);
      continue;
    }
    out.pending[name] = since;
    if (out.recheckAtMs === undefined || expectedDeletion < out.recheckAtMs) out.recheckAtMs = expectedDeletion;
  }
  return out;
}

/** countHealthyPods: Ready pods that are neither terminating nor about to be (a pending eviction). */
export function countHealthyPods(pods: readonly KubeObject[], pending: Readonly<Record<string, string>>, nowMs: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (isTerminating(pod)) continue;
    const since = pending[pod.metadata.name ?? ''];
    if (since !== undefined && (timeMs(since) ?? 0) + DELETION_TIMEOUT_MS > nowMs) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

export interface BudgetCounts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedCount: number;
  disruptedPods: Record<string, string>;
}

/**
 * updatePdbStatus: the status to write, or undefined when the stored one says
 * the same. disruptionsAllowed stays 0 while no pod is expected, so a budget
 * whose pods appear before the next sync is safe rather than open.
 */
export function nextBudgetStatus(pdb: KubeObject, counts: BudgetCounts, now: Date): BudgetStatus | undefined {
  const current = budgetStatusOf(pdb);
  const generation = pdb.metadata.generation ?? 0;
  const surplus = counts.currentHealthy - counts.desiredHealthy;
  const disruptionsAllowed = counts.expectedCount <= 0 || surplus <= 0 ? 0 : surplus;
  const unchanged =
    current.currentHealthy === counts.currentHealthy &&
    current.desiredHealthy === counts.desiredHealthy &&
    current.expectedPods === counts.expectedCount &&
    current.disruptionsAllowed === disruptionsAllowed &&
    sameDisruptedPods(current.disruptedPods ?? {}, counts.disruptedPods) &&
    current.observedGeneration === generation &&
    conditionsAreUpToDate(current, generation);
  if (unchanged) return undefined;
  const next: BudgetStatus = {
    observedGeneration: generation,
    disruptionsAllowed,
    currentHealthy: counts.currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    expectedPods: counts.expectedCount,
  };
  // disruptedPods is omitempty: an empty map is not written.
  if (Object.keys(counts.disruptedPods).length > 0) next.disruptedPods = counts.disruptedPods;
  if (current.conditions !== undefined) next.conditions = current.conditions;
  return withDisruptionAllowedCondition(next, now);
}

/**
 * failSafe: when a sync fails, at least stop evictions: disruptionsAllowed 0
 * and DisruptionAllowed False with reason SyncFailed and the error.
 */
export function failSafeStatus(pdb: KubeObject, message: string, now: Date): BudgetStatus {
  const current = budgetStatusOf(pdb);
  const generation = current.observedGeneration ?? 0;
  const conditions = setStatusCondition(
    current.conditions ?? [],
    { type: DISRUPTION_ALLOWED, status: 'False', ...(generation > 0 ? { observedGeneration: generation } : {}), reason: SYNC_FAILED, message },
    now,
  );
  return { ...current, disruptionsAllowed: 0, conditions };
}

function sameDisruptedPods(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => timeMs(a[k]) === timeMs(b[k]));
}
