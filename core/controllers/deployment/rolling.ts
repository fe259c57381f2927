import { desiredReplicas, type ReplicaSet } from '../replicaset/objects.ts';
import { deploymentReplicas, isRollingUpdate, type Deployment } from './objects.ts';
import { activeReplicaSets, availableCounted, byCreation, podsCounted, sumSpecReplicas } from './replica-sets.ts';
import { maxUnavailable, scaledValue } from './surge.ts';

/** One step of a rollout: set this ReplicaSet's size. Steps run in order, each on the result of the last. */
export interface ScaleAction {
  rs: ReplicaSet;
  replicas: number;
}

/**
 * NewRSNewReplicas: the size the new ReplicaSet may grow to now. With
 * RollingUpdate, up to replicas + maxSurge pods in all ReplicaSets together
 * (counting pods of a scale-down that are still there), never past replicas;
 * with Recreate, straight to replicas.
 */
export function newReplicaSetReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d)) {
    if (d.spec.strategy?.type !== 'Recreate') throw new Error(`deployment type ${d.spec.strategy?.type ?? ''} isn't supported`);
    return replicas;
  }
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, replicas, true);
  const current = allRSs.reduce((sum, rs) => sum + podsCounted(rs), 0);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return desiredReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - desiredReplicas(newRS));
  return desiredReplicas(newRS) + scaleUp;
}

/**
 * One pass of rolloutRolling over a Deployment whose new ReplicaSet exists:
 * first grow the new ReplicaSet as far as maxSurge allows (a pass that grows
 * it does nothing else); otherwise shrink old ReplicaSets, their unhealthy
 * pods first (cleanupUnhealthyReplicas), then as far as maxUnavailable allows
 * (scaleDownOldReplicaSetsForRollingUpdate). Oldest ReplicaSets shrink first.
 */
export function planRollingUpdate(d: Deployment, newRS: ReplicaSet, oldRSs: readonly ReplicaSet[]): ScaleAction[] {
  const replicas = deploymentReplicas(d);
  const allRSs = [...oldRSs, newRS];
  const newSize = desiredReplicas(newRS);
  if (newSize !== replicas) {
    if (newSize > replicas) return [{ rs: newRS, replicas }];
    const grown = newReplicaSetReplicas(d, allRSs, newRS);
    if (grown !== newSize) return [{ rs: newRS, replicas: grown }];
  }
  return planOldReplicaSetsScaleDown(d, newRS, activeReplicaSets(oldRSs), sumSpecReplicas(allRSs));
}

function planOldReplicaSetsScaleDown(d: Deployment, newRS: ReplicaSet, activeOld: ReplicaSet[], allPodsCount: number): ScaleAction[] {
  if (sumSpecReplicas(activeOld) === 0) return [];
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  // Unavailable pods of the new ReplicaSet already use up the allowed unavailability.
  const newRSUnavailable = desiredReplicas(newRS) - availableCounted(newRS);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return [];

  const old = [...activeOld].sort(byCreation);
  const sizes = new Map(old.map((rs) => [rs, desiredReplicas(rs)]));
  const actions: ScaleAction[] = [];
  const availableOf = (rs: ReplicaSet): number => Math.min(rs.status?.availableReplicas ?? 0, sizes.get(rs) ?? 0);

  // Unhealthy pods of old ReplicaSets can go without lowering availability.
  let cleaned = 0;
  for (const rs of old) {
    if (cleaned >= maxScaledDown) break;
    const size = sizes.get(rs) ?? 0;
    const unhealthy = size - availableOf(rs);
    if (size === 0 || unhealthy === 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes.set(rs, size - down);
    actions.push({ rs, replicas: size - down });
    cleaned += down;
  }

  // Then available ones, as long as minAvailable pods stay available.
  const available = old.reduce((sum, rs) => sum + availableOf(rs), 0) + availableCounted(newRS);
  if (available <= minAvailable) return actions;
  const toScaleDown = available - minAvailable;
  let scaled = 0;
  for (const rs of old) {
    if (scaled >= toScaleDown) break;
    const size = sizes.get(rs) ?? 0;
    if (size === 0) continue;
    const down = Math.min(size, toScaleDown - scaled);
    sizes.set(rs, size - down);
    actions.push({ rs, replicas: size - down });
    scaled += down;
  }
  return actions;
}
