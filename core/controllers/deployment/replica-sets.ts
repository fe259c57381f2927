import { desiredReplicas, type ReplicaSet } from '../replicaset/objects.ts';
import { timeMs } from '../replicaset/pod-state.ts';
import { desiredReplicasAnnotation, revisionOf } from './annotations.ts';
import type { Deployment } from './objects.ts';
import { equalIgnoreHash } from './template-hash.ts';

/** What deploymentutil and controller_utils know about a Deployment's ReplicaSets: which is new, orders, sums. */

const created = (rs: ReplicaSet): number => timeMs(rs.metadata.creationTimestamp) ?? 0;

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const diff = created(a) - created(b);
  if (diff !== 0) return diff;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: largest first; between equals, newer first (scale up the newest). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const diff = desiredReplicas(b) - desiredReplicas(a);
  return diff !== 0 ? diff : -byCreation(a, b);
}

/** ReplicaSetsBySizeOlder: largest first; between equals, older first (scale down the oldest). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const diff = desiredReplicas(b) - desiredReplicas(a);
  return diff !== 0 ? diff : byCreation(a, b);
}

/** ReplicaSetsByRevision: lowest revision first, creation order between equals or unreadable ones. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreation(a, b);
  return ra - rb;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: Deployment, replicaSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...replicaSets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets' second result: every ReplicaSet but the new one. */
export function findOldReplicaSets(d: Deployment, replicaSets: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, replicaSets);
  return replicaSets.filter((rs) => newRS === undefined || rs.metadata.uid !== newRS.metadata.uid);
}

/** FilterActiveReplicaSets: those that should have pods. */
export function activeReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return replicaSets.filter((rs): rs is ReplicaSet => rs !== undefined && desiredReplicas(rs) > 0);
}

export function sumSpecReplicas(replicaSets: readonly (ReplicaSet | undefined)[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs === undefined ? 0 : desiredReplicas(rs)), 0);
}

export function sumStatus(replicaSets: readonly (ReplicaSet | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.status?.[field] ?? 0), 0);
}

/**
 * Pods a ReplicaSet has or is about to have: its size, or more while pods of a
 * scale-down are not yet gone. Kubernetes counts sizes only; counting the
 * observed pods too keeps maxSurge a bound on pods, not just on sizes, at the
 * cost of waiting for the ReplicaSet controller to report each scale-down.
 */
export function podsCounted(rs: ReplicaSet): number {
  return Math.max(desiredReplicas(rs), rs.status?.replicas ?? 0);
}

/**
 * Available pods a ReplicaSet keeps: what it reports, but never more than its
 * size, since a scaled-down ReplicaSet reports pods it is about to delete.
 * The safe side of Kubernetes' sum of reported availability for maxUnavailable.
 */
export function availableCounted(rs: ReplicaSet): number {
  return Math.min(rs.status?.availableReplicas ?? 0, desiredReplicas(rs));
}

/** IsSaturated: the new ReplicaSet has all replicas, knows it should, and all are available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const desiredAnnotation = desiredReplicasAnnotation(rs);
  if (desiredAnnotation === undefined) return false;
  const replicas = d.spec.replicas ?? 1;
  return desiredReplicas(rs) === replicas && desiredAnnotation === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}
