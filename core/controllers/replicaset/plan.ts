import { podsToDelete } from './deletion-order.ts';
import { desiredReplicas, type Pod, type ReplicaSet } from './objects.ts';

/** Kubernetes' burstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetObservation {
  /** the active pods this ReplicaSet owns (after adoption and release) */
  pods: readonly Pod[];
  /** false while creations or deletions it issued are not yet seen in the cache */
  expectationsSatisfied: boolean;
  /** active pods of every ReplicaSet with the same owner, to spread deletions over nodes */
  relatedPods?: readonly Pod[];
  burstReplicas?: number;
  nowMs?: number;
}

export interface ReplicaSetPlan {
  create: number;
  delete: Pod[];
}

const NOTHING: ReplicaSetPlan = { create: 0, delete: [] };

/**
 * manageReplicas' decision: how many pods to create, or which to delete, to
 * bring the owned pods to `spec.replicas`. Nothing while expectations are
 * pending (the cache may not show our own writes yet) or while the
 * ReplicaSet is being deleted; never more than the burst in one sync.
 */
export function planReplicaSetSync(rs: ReplicaSet, observed: ReplicaSetObservation): ReplicaSetPlan {
  if (!observed.expectationsSatisfied || rs.metadata.deletionTimestamp !== undefined) return NOTHING;
  const burst = observed.burstReplicas ?? BURST_REPLICAS;
  const diff = observed.pods.length - desiredReplicas(rs);
  if (diff < 0) return { create: Math.min(-diff, burst), delete: [] };
  if (diff > 0) return { create: 0, delete: podsToDelete(observed.pods, observed.relatedPods ?? observed.pods, Math.min(diff, burst), observed.nowMs) };
  return NOTHING;
}
