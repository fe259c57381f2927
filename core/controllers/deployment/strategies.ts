import { desiredReplicas } from '../replicaset/objects.ts';
import { hasProgressDeadline } from './cleanup.ts';
import { Progressing, Reasons, getCondition, newCondition, setCondition } from './conditions.ts';
import { deploymentComplete } from './deployment-status.ts';
import type { DeploymentSync } from './deployment-sync.ts';
import { deploymentReplicas } from './objects.ts';
import { oldPodsRunning } from './recreate.ts';
import { activeReplicaSets } from './replica-sets.ts';
import { planRollingUpdate } from './rolling.ts';
import { planScale } from './scale.ts';

/**
 * The branches of syncDeployment, each a thin sequence of pure plans applied
 * through a DeploymentSync: status only, scaling (or paused), rolling update,
 * recreate, and the pause bookkeeping.
 */

/** syncStatusOnly: a Deployment being deleted only reports. */
export async function syncStatusOnly(s: DeploymentSync): Promise<void> {
  const { newRS, oldRSs } = await s.allReplicaSets(false);
  await s.syncStatus(newRS, oldRSs);
}

/** sync: scaling events and paused Deployments resize without rolling out. */
export async function syncScaling(s: DeploymentSync, rollbackPending: boolean): Promise<void> {
  const { newRS, oldRSs } = await s.allReplicaSets(false);
  const plan = planScale(s.d, newRS, oldRSs);
  await s.apply(plan.actions, plan.refreshAnnotations);
  if (s.d.spec.paused === true && !rollbackPending) await s.cleanup(oldRSs);
  await s.syncStatus(newRS, oldRSs);
}

/**
 * checkPausedConditions: pausing and resuming set Progressing to Unknown, so
 * the time spent paused never counts against progressDeadlineSeconds.
 */
export async function checkPausedConditions(s: DeploymentSync, nowMs: number): Promise<void> {
  if (!hasProgressDeadline(s.d)) return;
  const condition = getCondition(s.d.status, Progressing);
  if (condition?.reason === Reasons.TimedOut) return;
  const pausedNoted = condition?.reason === Reasons.Paused;
  const paused = s.d.spec.paused === true;
  if (paused === pausedNoted) return;
  s.d.status = { ...s.d.status };
  if (paused) setCondition(s.d.status, newCondition(Progressing, 'Unknown', Reasons.Paused, 'Deployment is paused', nowMs));
  else setCondition(s.d.status, newCondition(Progressing, 'Unknown', Reasons.Resumed, 'Deployment is resumed', nowMs));
  await s.writeStatus();
}

/**
 * rolloutRolling: create the new ReplicaSet if needed, then one step of
 * planRollingUpdate. Failures scaling old ReplicaSets down are not errors, as
 * in Kubernetes: the next event brings the next try.
 */
export async function rolloutRolling(s: DeploymentSync): Promise<void> {
  const { newRS, oldRSs } = await s.allReplicaSets(true);
  if (newRS === undefined) throw new Error('the new ReplicaSet could not be found or created');
  const actions = planRollingUpdate(s.d, newRS, oldRSs);
  const first = actions[0];
  if (first !== undefined && first.rs.metadata.uid === newRS.metadata.uid) {
    await s.apply([first]);
    return s.syncRolloutStatus(newRS, oldRSs);
  }
  let scaledDown = 0;
  try {
    scaledDown = await s.apply(actions);
  } catch (error) {
    s.logFailure('scaling down old replica sets failed', error);
  }
  if (scaledDown > 0) return s.syncRolloutStatus(newRS, oldRSs);
  if (s.d.status !== undefined && deploymentComplete(s.d, s.d.status)) await s.cleanup(oldRSs);
  await s.syncRolloutStatus(newRS, oldRSs);
}

/**
 * rolloutRecreate: scale every old ReplicaSet to 0, wait until none of their
 * pods runs, and only then create and scale up the new ReplicaSet.
 */
export async function rolloutRecreate(s: DeploymentSync): Promise<void> {
  const found = await s.allReplicaSets(false);
  let { newRS } = found;
  let { oldRSs } = found;
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if (desiredReplicas(rs) !== 0 && (await s.scaleIfNeeded(rs, 0))) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs.map((rs) => s.latest(rs)), s.podMap)) {
    return s.syncRolloutStatus(newRS, oldRSs);
  }
  if (newRS === undefined) ({ newRS, oldRSs } = await s.allReplicaSets(true));
  if (newRS === undefined) throw new Error('the new ReplicaSet could not be found or created');
  await s.scaleIfNeeded(newRS, deploymentReplicas(s.d));
  if (s.d.status !== undefined && deploymentComplete(s.d, s.d.status)) await s.cleanup(oldRSs);
  await s.syncRolloutStatus(newRS, oldRSs);
}
