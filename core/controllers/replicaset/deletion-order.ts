import type { Pod } from './objects.ts';
import { isPodActive, isPodReady, maxContainerRestarts, nodeNameOf, readyCondition, timeMs } from './pod-state.ts';

/**
 * The order in which a ReplicaSet gives up pods when it has too many
 * (controller.ActivePodsWithRanks with LogarithmicScaleDown and
 * PodDeletionCost, both on by default). Earlier in the order means deleted
 * first:
 *  1. unassigned before assigned to a node
 *  2. Pending before Unknown before Running
 *  3. not ready before ready
 *  4. lower `controller.kubernetes.io/pod-deletion-cost` first
 *  5. more related pods on the same node first (spread what stays)
 *  6. ready for less time first
 *  7. more container restarts first
 *  8. newer first
 * Times in 6 and 8 compare on a logarithmic scale, and ties on that scale are
 * broken by UID, so that equivalent pods are picked pseudo-randomly rather
 * than always the very newest.
 */

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

interface RankedPod {
  pod: Pod;
  /** active related pods on the same node */
  rank: number;
}

/** helper.GetDeletionCostFromPodAnnotations: an int32, 0 when absent or invalid */
export function deletionCost(pod: Pod): number {
  const text = pod.metadata.annotations?.[POD_DELETION_COST];
  if (text === undefined || !/^[+-]?\d+$/.test(text.trim())) return 0;
  const value = Number(text.trim());
  return value >= -2147483648 && value <= 2147483647 ? value : 0;
}

function phaseOrdinal(pod: Pod): number {
  return PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;
}

/** floor(log2(now - t in nanoseconds)), -1 when t is not in the past: Go's logarithmicRankDiff */
function logRank(tMs: number, nowMs: number): number {
  const ns = (nowMs - tMs) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/** true when time a (undefined = zero time) sorts before b: zero first, then later first (afterOrZero) */
function laterOrZeroFirst(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

function compareTimes(a: Pod, b: Pod, ta: number | undefined, tb: number | undefined, nowMs: number | undefined): number {
  if (ta === tb) return 0;
  if (nowMs === undefined || ta === undefined || tb === undefined) return laterOrZeroFirst(ta, tb) ? -1 : 1;
  const diff = logRank(ta, nowMs) - logRank(tb, nowMs);
  if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '') ? -1 : 1;
  return diff < 0 ? -1 : 1;
}

function compare(a: RankedPod, b: RankedPod, nowMs: number | undefined): number {
  const nodeA = nodeNameOf(a.pod);
  const nodeB = nodeNameOf(b.pod);
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;
  const phaseDiff = phaseOrdinal(a.pod) - phaseOrdinal(b.pod);
  if (phaseDiff !== 0) return phaseDiff;
  const readyA = isPodReady(a.pod);
  const readyB = isPodReady(b.pod);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costDiff = deletionCost(a.pod) - deletionCost(b.pod);
  if (costDiff !== 0) return costDiff;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (readyA && readyB) {
    const byReady = compareTimes(a.pod, b.pod, timeMs(readyCondition(a.pod)?.lastTransitionTime), timeMs(readyCondition(b.pod)?.lastTransitionTime), nowMs);
    if (byReady !== 0) return byReady;
  }
  const restartDiff = maxContainerRestarts(b.pod) - maxContainerRestarts(a.pod);
  if (restartDiff !== 0) return restartDiff;
  return compareTimes(a.pod, b.pod, timeMs(a.pod.metadata.creationTimestamp), timeMs(b.pod.metadata.creationTimestamp), nowMs);
}

/**
 * `pods` sorted so that the ones to delete first come first. `relatedPods`
 * are all pods of the ReplicaSets that share this one's owner
 * (getPodsRankedByRelatedPodsOnSameNode): a pod on a node crowded with its
 * siblings goes first. `nowMs` undefined compares times exactly.
 */
export function rankPodsForDeletion(pods: readonly Pod[], relatedPods: readonly Pod[], nowMs?: number): Pod[] {
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node = nodeNameOf(pod);
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  const ranked: RankedPod[] = pods.map((pod) => ({ pod, rank: podsOnNode.get(nodeNameOf(pod)) ?? 0 }));
  ranked.sort((a, b) => compare(a, b, nowMs));
  return ranked.map((r) => r.pod);
}

/** getPodsToDelete: the first `count` pods in deletion order (all of them need no sorting). */
export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], count: number, nowMs?: number): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  return rankPodsForDeletion(pods, relatedPods, nowMs).slice(0, count);
}
