import type { Pod, ReplicaSet } from '../replicaset/objects.ts';
import { sumStatus } from './replica-sets.ts';

/**
 * oldPodsRunning, the gate of the Recreate strategy: the new ReplicaSet is
 * scaled up only once no old ReplicaSet reports pods and no pod of an old
 * ReplicaSet is left that has not finished (Unknown counts as running: the
 * node may just be unreachable).
 */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podsByReplicaSet: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  for (const [uid, pods] of podsByReplicaSet) {
    if (newRS !== undefined && newRS.metadata.uid === uid) continue;
    if (pods.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}
