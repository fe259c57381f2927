import { desiredReplicas, type ReplicaSet } from '../replicaset/objects.ts';
import type { Deployment } from './objects.ts';
import { byRevision } from './replica-sets.ts';

const MAX_INT32 = 2147483647;

/** HasRevisionHistoryLimit: set and not math.MaxInt32 (which keeps everything). */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  return d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== MAX_INT32;
}

/** HasProgressDeadline: set and not math.MaxInt32 (which never times out). */
export function hasProgressDeadline(d: Deployment): boolean {
  return d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MAX_INT32;
}

/**
 * cleanupDeployment: the old ReplicaSets past revisionHistoryLimit to delete,
 * lowest revisions first, skipping any that still has pods, a non-zero size,
 * a spec change its controller has not seen yet, or a deletion under way.
 */
export function planHistoryCleanup(d: Deployment, oldRSs: readonly ReplicaSet[]): ReplicaSet[] {
  if (!hasRevisionHistoryLimit(d)) return [];
  const alive = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const excess = alive.length - (d.spec.revisionHistoryLimit ?? 0);
  if (excess <= 0) return [];
  return [...alive]
    .sort(byRevision)
    .slice(0, excess)
    .filter(
      (rs) =>
        (rs.status?.replicas ?? 0) === 0 &&
        desiredReplicas(rs) === 0 &&
        (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0),
    );
}
