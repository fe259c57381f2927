import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../api/kinds/nodepool/types.ts';
import { claimActivity, type ActivityInput } from './claim-activity.ts';
import { at, claim, pod, stamp } from './test-fixtures.ts';

const emptySince = (seconds: number): Condition => ({ type: 'Empty', status: 'True', reason: 'Empty', lastTransitionTime: stamp(at(seconds)) });
const busySince = (seconds: number): Condition => ({ type: 'Empty', status: 'False', reason: 'NotEmpty', lastTransitionTime: stamp(at(seconds)) });

/** a claim launched at `launchedAt`, whose Ready turned True when its node joined at `joined`, with Initialized still as launch wrote it */
function joinedAt(joined: number, { launchedAt }: { launchedAt: number }) {
  const conditions: Condition[] = [
    { type: 'Initialized', status: 'Unknown', reason: 'NotRegistered', lastTransitionTime: stamp(at(launchedAt)) },
    { type: 'Ready', status: 'True', reason: 'Ready', lastTransitionTime: stamp(at(joined)) },
  ];
  return claim('c', { initializedAt: undefined, creationAt: launchedAt, conditions });
}

describe('claimActivity: consolidateAfter timing with an injected clock', () => {
  const web = pod('web', 'n', { scheduledAt: 30 });
  it.each<[string, Partial<ActivityInput>, { empty: boolean; since: number; consolidatable: boolean }]>([
    ['empty from initialization, consolidateAfter not yet over', { now: at(20), consolidateAfterMs: 30_000 }, { empty: true, since: 0, consolidatable: false }],
    ['empty from initialization, consolidateAfter over', { now: at(30), consolidateAfterMs: 30_000 }, { empty: true, since: 0, consolidatable: true }],
    ['consolidateAfter 0s: at once', { now: at(0), consolidateAfterMs: 0 }, { empty: true, since: 0, consolidatable: true }],
    ['Never: tracked but never consolidatable', { now: at(9999), consolidateAfterMs: undefined }, { empty: true, since: 0, consolidatable: false }],
    ['stored Empty keeps its transition time', { claim: claim('c', { conditions: [emptySince(50)] }), now: at(70), consolidateAfterMs: 30_000 }, { empty: true, since: 50, consolidatable: false }],
    ['stored Empty long enough ago', { claim: claim('c', { conditions: [emptySince(50)] }), now: at(80), consolidateAfterMs: 30_000 }, { empty: true, since: 50, consolidatable: true }],
    ['became empty: dated by the pod removal seen', { claim: claim('c', { conditions: [busySince(10)] }), now: at(100), lastPodRemoval: at(90), consolidateAfterMs: 5_000 }, { empty: true, since: 90, consolidatable: true }],
    ['became empty, removal unseen: dated now', { claim: claim('c', { conditions: [busySince(10)] }), now: at(100), consolidateAfterMs: 5_000 }, { empty: true, since: 100, consolidatable: false }],
    ['busy: dated by the pod scheduled', { reschedulablePods: [web], now: at(40), consolidateAfterMs: 30_000 }, { empty: false, since: 30, consolidatable: false }],
    ['busy and quiet for consolidateAfter: underutilized candidate', { reschedulablePods: [web], now: at(60), consolidateAfterMs: 30_000 }, { empty: false, since: 30, consolidatable: true }],
    ['a recent removal resets the quiet time', { reschedulablePods: [web], now: at(60), lastPodRemoval: at(50), consolidateAfterMs: 30_000 }, { empty: false, since: 30, consolidatable: false }],
    ['a newer pod on a busy node resets it too', { claim: claim('c', { conditions: [busySince(5)] }), reschedulablePods: [web, pod('late', 'n', { scheduledAt: 55 })], now: at(60), consolidateAfterMs: 30_000 }, { empty: false, since: 5, consolidatable: false }],
    ['not initialized yet: counted from creation', { claim: claim('c', { initializedAt: undefined, creationAt: 10 }), now: at(15), consolidateAfterMs: 10_000 }, { empty: true, since: 10, consolidatable: false }],
    [
      'Initialized Unknown since launch, True since it joined: counted from joining',
      { claim: joinedAt(12, { launchedAt: 2 }), now: at(14), consolidateAfterMs: 3_000 },
      { empty: true, since: 12, consolidatable: false },
    ],
  ])('%s', (_, input, expected) => {
    const activity = claimActivity({ claim: claim('c'), reschedulablePods: [], now: at(0), consolidateAfterMs: 0, ...input });
    expect({ empty: activity.empty, since: (activity.since.getTime() - at(0).getTime()) / 1000, consolidatable: activity.consolidatable }).toEqual(expected);
  });

  it('writes Empty with its lastTransitionTime and Consolidatable when due, and says when a write is needed', () => {
    const first = claimActivity({ claim: claim('c'), reschedulablePods: [], now: at(40), consolidateAfterMs: 30_000 });
    expect(first.changed).toBe(true);
    expect(first.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Empty', status: 'True', reason: 'Empty', lastTransitionTime: stamp(at(0)) }),
        expect.objectContaining({ type: 'Consolidatable', status: 'True', lastTransitionTime: stamp(at(40)) }),
      ]),
    );
    const stored = { ...claim('c'), status: { nodeName: 'n', conditions: first.conditions } };
    expect(claimActivity({ claim: stored, reschedulablePods: [], now: at(50), consolidateAfterMs: 30_000 }).changed).toBe(false);
    const busy = claimActivity({ claim: stored, reschedulablePods: [pod('p', 'n', { scheduledAt: 55 })], now: at(60), consolidateAfterMs: 30_000 });
    expect(busy.changed).toBe(true);
    expect(busy.conditions.find((c) => c.type === 'Empty')).toMatchObject({ status: 'False', lastTransitionTime: stamp(at(55)) });
    expect(busy.conditions.some((c) => c.type === 'Consolidatable')).toBe(false);
  });
});
