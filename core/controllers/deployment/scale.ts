import { desiredReplicas, type ReplicaSet } from '../replicaset/objects.ts';
import { desiredReplicasAnnotation, maxReplicasAnnotation } from './annotations.ts';
import { deploymentReplicas, isRollingUpdate, type Deployment } from './objects.ts';
import { activeReplicaSets, byCreation, bySizeNewer, bySizeOlder, isSaturated, sumSpecReplicas } from './replica-sets.ts';
import type { ScaleAction } from './rolling.ts';
import { maxSurge } from './surge.ts';

/**
 * isScalingEvent: the Deployment's replicas changed since its active
 * ReplicaSets were last sized (their desired-replicas annotation differs).
 */
export function isScalingEvent(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): boolean {
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== deploymentReplicas(d);
  });
}

/** FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** integer.RoundToInt32: Go's math.Round, halves away from zero. */
function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** getReplicaSetFraction: this ReplicaSet's share of the new total, from its share of the old one (max-replicas). */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const size = desiredReplicas(rs);
  if (deploymentReplicas(d) === 0) return -size;
  const deploymentSize = deploymentReplicas(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  // Never scaled up proportionally from zero; guard the division Go would turn into infinity.
  if (annotated === 0) return 0;
  return roundHalfAwayFromZero((size * deploymentSize) / annotated) - size;
}

/** GetProportion: the fraction, bounded by what is left to add (or remove). */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (desiredReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

export interface ScalePlan {
  actions: ScaleAction[];
  /** true for proportional scaling, which rewrites every active ReplicaSet's size annotations even at the same size */
  refreshAnnotations: boolean;
}

/**
 * DeploymentController.scale: resizing without rolling out (a scaling event,
 * or a paused Deployment). One active ReplicaSet takes the new size; a
 * saturated new ReplicaSet lets the old ones go to 0; otherwise, during a
 * rolling update, the difference is spread over the active ReplicaSets in
 * proportion to their sizes, larger ones first, leftovers to the largest.
 */
export function planScale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ScalePlan {
  const replicas = deploymentReplicas(d);
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single !== undefined) {
    return { actions: desiredReplicas(single) === replicas ? [] : [{ rs: single, replicas }], refreshAnnotations: false };
  }
  if (isSaturated(d, newRS)) {
    return { actions: activeReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 })), refreshAnnotations: false };
  }
  if (!isRollingUpdate(d)) return { actions: [], refreshAnnotations: false };

  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumSpecReplicas(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);

  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return desiredReplicas(rs);
    const share = proportion(rs, d, toAdd, added);
    added += share;
    return desiredReplicas(rs) + share;
  });
  const first = sizes[0];
  if (first !== undefined && toAdd !== 0) sizes[0] = Math.max(0, first + toAdd - added);
  return { actions: all.map((rs, i) => ({ rs, replicas: sizes[i] ?? desiredReplicas(rs) })), refreshAnnotations: true };
}
