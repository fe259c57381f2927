import { labelSelectorFromSet, matchesLabels } from '../../api/selectors/label-selector.ts';
import type { Pod, ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from './objects.ts';
import { desiredReplicas } from './objects.ts';
import { isPodReady, msUntilAvailable } from './pod-state.ts';

export const REPLICA_FAILURE = 'ReplicaFailure';

export interface CalculatedStatus {
  status: ReplicaSetStatus;
  /** when the next pod becomes available after minReadySeconds, so the status can be refreshed then */
  nextAvailableInMs: number | undefined;
}

export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * calculateStatus: counts of the owned active pods, fully labeled (every
 * template label present), ready, and available (ready for minReadySeconds);
 * a ReplicaFailure condition while creating or deleting pods fails, removed
 * once it works again. observedGeneration is the generation acted on.
 */
export function calculateReplicaSetStatus(rs: ReplicaSet, pods: readonly Pod[], manageError: Error | undefined, nowMs: number): CalculatedStatus {
  const templateLabels = labelSelectorFromSet(rs.spec.template?.metadata?.labels ?? {});
  const minReadySeconds = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  let nextAvailableInMs: number | undefined;
  for (const pod of pods) {
    if (matchesLabels(templateLabels, pod.metadata.labels)) fullyLabeled++;
    if (!isPodReady(pod)) continue;
    ready++;
    const wait = msUntilAvailable(pod, minReadySeconds, nowMs);
    if (wait === 0) available++;
    else if (wait !== undefined) nextAvailableInMs = Math.min(nextAvailableInMs ?? wait, wait);
  }

  let conditions = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && failure === undefined) {
    const diff = pods.length - desiredReplicas(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const condition: ReplicaSetCondition = { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: rfc3339(nowMs), reason, message: manageError.message };
    conditions.push(condition);
  } else if (manageError === undefined && failure !== undefined) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }

  // As Go serialises ReplicaSetStatus: replicas always, the other counters only when not zero.
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled > 0) status.fullyLabeledReplicas = fullyLabeled;
  if (ready > 0) status.readyReplicas = ready;
  if (available > 0) status.availableReplicas = available;
  if ((rs.metadata.generation ?? 0) > 0) status.observedGeneration = rs.metadata.generation;
  if (conditions.length > 0) status.conditions = conditions;
  return { status, nextAvailableInMs };
}

/** updateReplicaSetStatus' test: nothing to write when the counts, conditions and observed generation already match. */
export function replicaSetStatusUnchanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const current = rs.status ?? {};
  return (
    (current.replicas ?? 0) === (next.replicas ?? 0) &&
    (current.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (current.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (current.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (current.observedGeneration ?? 0) &&
    JSON.stringify(current.conditions ?? []) === JSON.stringify(next.conditions ?? [])
  );
}
