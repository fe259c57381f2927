import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { conditionTime } from '../../api/kinds/poddisruptionbudget/conditions.ts';
import { isTerminating, podCondition, podConditions, podPhase, timeMs } from './pod-facts.ts';

/**
 * The disruption controller's second job: a pod that got DisruptionTarget=True
 * (an eviction, a taint, preemption) but was never deleted, say because the
 * delete after it failed, must not keep claiming it is being disrupted.
 * After stalePodDisruptionTimeout the condition is set to False.
 */

export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

const DISRUPTION_TARGET = 'DisruptionTarget';
/** the kubelet's own condition may take arbitrarily long before the pod terminates: never stale */
const TERMINATION_BY_KUBELET = 'TerminationByKubelet';

/**
 * nonTerminatingPodHasStaleDisruptionCondition: undefined when nothing is
 * stale, else how many milliseconds remain before the condition is (0: now).
 */
export function staleDisruptionWaitMs(pod: KubeObject, nowMs: number, timeoutMs = STALE_POD_DISRUPTION_TIMEOUT_MS): number | undefined {
  if (isTerminating(pod)) return undefined;
  const condition = podCondition(pod, DISRUPTION_TARGET);
  if (condition === undefined || condition.status !== 'True' || condition.reason === TERMINATION_BY_KUBELET) return undefined;
  const phase = podPhase(pod);
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  const since = timeMs(condition.lastTransitionTime) ?? 0;
  return Math.max(0, timeoutMs - (nowMs - since));
}

/**
 * The pod status with DisruptionTarget set to False (apipod.UpdatePodCondition
 * replaces the whole condition: reason and message go with it).
 */
export function statusWithDisruptionCleared(pod: KubeObject, now: Date): Record<string, unknown> {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const cleared = { type: DISRUPTION_TARGET, status: 'False', lastProbeTime: null, lastTransitionTime: conditionTime(now) };
  const conditions = podConditions(pod).map((c) => (c.type === DISRUPTION_TARGET ? cleared : c));
  return { ...status, conditions };
}
