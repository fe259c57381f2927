import { toleratesTaint } from '../scheduler/plugins/tolerations.ts';
import type { NodeTaint, TimedToleration } from './node-fields.ts';

/** A deletion the taint eviction controller has scheduled for a pod. */
export interface ScheduledEviction {
  /** ms when the pod was first seen on the tainted node: tolerationSeconds count from here */
  createdAt: number;
  /** ms when the pod is deleted */
  fireAt: number;
}

export type EvictionDecision =
  /** no scheduled deletion should remain (no taints, or tolerated forever) */
  | { kind: 'cancel' }
  /** a deletion at `fireAt`; `replaces` says an earlier schedule is dropped for it */
  | { kind: 'schedule'; eviction: ScheduledEviction; replaces: boolean }
  /** the schedule already there stands */
  | { kind: 'keep' };

export function noExecuteTaints(taints: readonly NodeTaint[]): NodeTaint[] {
  return taints.filter((t) => t.effect === 'NoExecute');
}

/**
 * v1helper.GetMatchingTolerations: whether every taint is tolerated, and the
 * first toleration that tolerates each.
 */
export function matchingTolerations(taints: readonly NodeTaint[], tolerations: readonly TimedToleration[]): { allTolerated: boolean; used: TimedToleration[] } {
  const used: TimedToleration[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, { key: taint.key, value: taint.value ?? '', effect: taint.effect }));
    if (match === undefined) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/** getMinTolerationTime in ms: the shortest tolerationSeconds (0 or less: at once), or undefined for forever. */
export function minTolerationMs(used: readonly TimedToleration[]): number | undefined {
  if (used.length === 0) return 0;
  let min: number | undefined;
  for (const toleration of used) {
    const seconds = toleration.tolerationSeconds;
    if (seconds === undefined) continue;
    if (seconds <= 0) return 0;
    min = Math.min(min ?? seconds, seconds);
  }
  return min === undefined ? undefined : min * 1000;
}

/**
 * processPodOnNode: what to do about a pod on a node with these NoExecute
 * taints. A pod that does not tolerate them all goes at once; one that
 * tolerates them for a while goes that long after the controller first saw
 * it there (not the taint's timeAdded: a pod bound to a long-tainted node
 * still gets its full toleration); one that tolerates them forever stays.
 */
export function planEviction(taints: readonly NodeTaint[], tolerations: readonly TimedToleration[], scheduled: ScheduledEviction | undefined, now: number): EvictionDecision {
  if (taints.length === 0) return { kind: 'cancel' };
  const { allTolerated, used } = matchingTolerations(taints, tolerations);
  if (!allTolerated) return { kind: 'schedule', eviction: { createdAt: now, fireAt: now }, replaces: scheduled !== undefined };
  const toleration = minTolerationMs(used);
  if (toleration === undefined) return { kind: 'cancel' };
  if (scheduled === undefined) return { kind: 'schedule', eviction: { createdAt: now, fireAt: now + toleration }, replaces: false };
  // As Kubernetes: a schedule made before now stands, even if the tolerations changed since.
  if (scheduled.createdAt < now) return { kind: 'keep' };
  return { kind: 'schedule', eviction: { createdAt: scheduled.createdAt, fireAt: scheduled.createdAt + toleration }, replaces: true };
}
