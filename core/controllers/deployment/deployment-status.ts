import type { ReplicaSet } from '../replicaset/objects.ts';
import { timeMs } from '../replicaset/pod-state.ts';
import { hasProgressDeadline } from './cleanup.ts';
import { Available, Progressing, ReplicaFailure, Reasons, getCondition, newCondition, removeCondition, setCondition } from './conditions.ts';
import { deploymentReplicas, type Deployment, type DeploymentCondition, type DeploymentStatus } from './objects.ts';
import { sumSpecReplicas, sumStatus } from './replica-sets.ts';
import { maxUnavailable } from './surge.ts';

/**
 * calculateStatus: the Deployment's counts from its ReplicaSets' statuses,
 * and the Available condition (at least replicas - maxUnavailable available).
 * Zero counts are left out, as Go's omitempty leaves them out.
 */
export function calculateDeploymentStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const available = sumStatus(allRSs, 'availableReplicas');
  const unavailable = Math.max(0, sumSpecReplicas(allRSs) - available);
  const counts: [keyof DeploymentStatus, number][] = [
    ['observedGeneration', d.metadata.generation ?? 0],
    ['replicas', sumStatus(allRSs, 'replicas')],
    ['updatedReplicas', sumStatus([newRS], 'replicas')],
    ['readyReplicas', sumStatus(allRSs, 'readyReplicas')],
    ['availableReplicas', available],
    ['unavailableReplicas', unavailable],
  ];
  const status: DeploymentStatus = {};
  for (const [field, value] of counts) if (value !== 0) Object.assign(status, { [field]: value });
  const conditions = d.status?.conditions ?? [];
  if (conditions.length > 0) status.conditions = conditions.map((c) => ({ ...c }));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;

  if (available >= deploymentReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(Available, 'True', Reasons.MinimumReplicasAvailable, 'Deployment has minimum availability.', nowMs));
  } else {
    setCondition(status, newCondition(Available, 'False', Reasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

/** DeploymentComplete: every replica updated and available, no old pod left, the latest spec observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = deploymentReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last time. */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress reported for progressDeadlineSeconds since the Progressing condition's last update. */
export function deploymentTimedOut(d: Deployment, next: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(next, Progressing);
  if (condition === undefined || condition.reason === Reasons.NewRSAvailable) return false;
  if (condition.reason === Reasons.TimedOut) return true;
  const from = timeMs(condition.lastUpdateTime) ?? 0;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, or else any old one's, as a Deployment condition. */
function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = rs?.status?.conditions?.find((cond) => cond.type === ReplicaFailure);
    if (c === undefined) continue;
    const condition: DeploymentCondition = { type: c.type, status: c.status };
    if (c.lastTransitionTime !== undefined) {
      condition.lastUpdateTime = c.lastTransitionTime;
      condition.lastTransitionTime = c.lastTransitionTime;
    }
    if (c.reason !== undefined) condition.reason = c.reason;
    if (c.message !== undefined) condition.message = c.message;
    return condition;
  }
  return undefined;
}

/**
 * syncRolloutStatus' computation: the status plus the Progressing condition
 * (complete, progressing, or past its deadline) and any ReplicaFailure.
 */
export function calculateRolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const status = calculateDeploymentStatus(allRSs, newRS, d, nowMs);
  if (!hasProgressDeadline(d)) removeCondition(status, Progressing);
  const current = getCondition(d.status, Progressing);
  const alreadyComplete = status.replicas === status.updatedReplicas && current?.reason === Reasons.NewRSAvailable;
  if (hasProgressDeadline(d) && !alreadyComplete) {
    const subject = newRS === undefined ? `Deployment "${d.metadata.name ?? ''}"` : `ReplicaSet "${newRS.metadata.name ?? ''}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition(Progressing, 'True', Reasons.NewRSAvailable, `${subject} has successfully progressed.`, nowMs));
    } else if (deploymentProgressing(d, status)) {
      // Unlike other conditions, progress refreshes lastUpdateTime even with the same reason.
      const condition = newCondition(Progressing, 'True', Reasons.ReplicaSetUpdated, `${subject} is progressing.`, nowMs);
      if (current !== undefined) {
        if (current.status === 'True' && current.lastTransitionTime !== undefined) condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, Progressing);
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, nowMs)) {
      setCondition(status, newCondition(Progressing, 'False', Reasons.TimedOut, `${subject} has timed out progressing.`, nowMs));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure !== undefined) setCondition(status, failure);
  else removeCondition(status, ReplicaFailure);
  return status;
}

/**
 * requeueStuckDeployment: when a rollout shows no progress, the time after
 * which it must be looked at again to tell whether it passed its deadline;
 * undefined when there is nothing to wait for.
 */
export function progressCheckAfterMs(d: Deployment, next: DeploymentStatus, nowMs: number): number | undefined {
  const current = getCondition(d.status, Progressing);
  if (!hasProgressDeadline(d) || current === undefined) return undefined;
  if (deploymentComplete(d, next) || current.reason === Reasons.TimedOut) return undefined;
  const after = (timeMs(current.lastUpdateTime) ?? 0) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - nowMs;
  // A second more, as Kubernetes adds, against clock skew between the condition's seconds and ours.
  return Math.max(after, 0) + 1000;
}
