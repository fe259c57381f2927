/**
 * How long a claim has been in its current state, written as its `Empty`
 * and `Consolidatable` conditions the way Karpenter's nodeclaim disruption
 * controller does: Empty's lastTransitionTime says since when the node runs
 * no reschedulable pods; Consolidatable is True once nothing has been
 * scheduled to or removed from the node for the pool's consolidateAfter.
 */
import { findCondition, sameConditions, setConditions, withoutCondition } from '../../../api/kinds/nodepool/conditions.ts';
import type { Condition, NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import { parseTime } from './conditions.ts';

export interface ActivityInput {
  claim: NodeClaimObject;
  /** the node's reschedulable pods (not DaemonSet, not mirror, not finished or terminating) */
  reschedulablePods: readonly KubeObject[];
  now: Date;
  /** undefined: the pool never consolidates ("Never") */
  consolidateAfterMs: number | undefined;
  /** when a reschedulable pod last left the node, as far as this process saw it */
  lastPodRemoval?: Date | undefined;
}

export interface ClaimActivity {
  empty: boolean;
  /** since when the claim has been empty (or not) */
  since: Date;
  /** the last time pods came or went (Karpenter's lastPodEventTime; the claim's initialization at the earliest) */
  lastPodEvent: Date;
  consolidatable: boolean;
  /** the claim's conditions with Empty and Consolidatable brought up to date */
  conditions: Condition[];
  /** whether those differ from the stored ones (a status write is due) */
  changed: boolean;
}

export const EmptyReasons = { empty: 'Empty', notEmpty: 'NotEmpty' } as const;

const later = (a: Date, b: Date | undefined): Date => (b !== undefined && b > a ? b : a);

function scheduledAt(pod: KubeObject): Date | undefined {
  const status = pod['status'];
  const conditions = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  for (const c of conditions) {
    if (isRecord(c) && c['type'] === 'PodScheduled' && c['status'] === 'True' && typeof c['lastTransitionTime'] === 'string') return parseTime(c['lastTransitionTime']);
  }
  return undefined;
}

function latestScheduled(pods: readonly KubeObject[]): Date | undefined {
  let latest: Date | undefined;
  for (const pod of pods) {
    const at = scheduledAt(pod);
    if (at !== undefined && (latest === undefined || at > latest)) latest = at;
  }
  return latest;
}

/**
 * When the claim could first have had pods: since Initialized (or Ready)
 * turned True, else its creation. Not the time of an Initialized that is
 * still Unknown: written at launch, it would count the seconds a machine
 * takes to boot and join as time the node sat empty, and consolidate it as
 * it joins, before the pod it was launched for is bound to it.
 */
export function initializedAt(claim: NodeClaimObject, now: Date): Date {
  const conditions = claim.status?.conditions;
  const condition = [findCondition(conditions, 'Initialized'), findCondition(conditions, 'Ready')].find((c) => c?.status === 'True');
  return parseTime(condition?.lastTransitionTime) ?? parseTime(claim.metadata.creationTimestamp) ?? now;
}

export function claimActivity(input: ActivityInput): ClaimActivity {
  const { claim, now } = input;
  const start = initializedAt(claim, now);
  const empty = input.reschedulablePods.length === 0;
  const previous = findCondition(claim.status?.conditions, 'Empty');
  const previousSince = parseTime(previous?.lastTransitionTime);
  const unchanged = previous !== undefined && previousSince !== undefined && (previous.status === 'True') === empty;

  let since: Date;
  if (unchanged) {
    since = previousSince;
  } else {
    // The state flipped (or is seen for the first time): date it by the pod event that flipped it when known.
    const floor = previousSince ?? start;
    const evidence = empty ? input.lastPodRemoval : latestScheduled(input.reschedulablePods);
    since = evidence !== undefined && evidence >= floor ? evidence : previous === undefined ? floor : now;
    if (since > now) since = now;
  }

  const lastPodEvent = later(later(later(start, since), latestScheduled(input.reschedulablePods)), input.lastPodRemoval);
  const after = input.consolidateAfterMs;
  const consolidatable = after !== undefined && now.getTime() - lastPodEvent.getTime() >= after;

  const stored = claim.status?.conditions ?? [];
  // Empty dates from `since` (the pod event that emptied or filled the node), not from now.
  let conditions = setConditions(
    stored,
    [
      {
        type: 'Empty',
        status: empty ? 'True' : 'False',
        reason: empty ? EmptyReasons.empty : EmptyReasons.notEmpty,
        message: empty ? 'Node runs no pods other than DaemonSet, mirror and finished pods' : 'Node runs pods that would need rescheduling',
      },
    ],
    since,
    undefined,
  );
  conditions = consolidatable
    ? setConditions(conditions, [{ type: 'Consolidatable', status: 'True', reason: 'Consolidatable', message: '' }], now, undefined)
    : withoutCondition(conditions, 'Consolidatable');
  return { empty, since, lastPodEvent, consolidatable, conditions, changed: !sameConditions(stored, conditions) };
}
