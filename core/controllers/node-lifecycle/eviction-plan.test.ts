import { describe, expect, it } from 'vitest';
import { matchingTolerations, minTolerationMs, planEviction, type EvictionDecision, type ScheduledEviction } from './eviction-plan.ts';
import type { NodeTaint, TimedToleration } from './node-fields.ts';

const unreachable: NodeTaint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' };
const maintenance: NodeTaint = { key: 'example.com/maintenance', value: 'yes', effect: 'NoExecute' };

function tolerate(key: string, tolerationSeconds?: number, extra: Partial<TimedToleration> = {}): TimedToleration {
  return { key, operator: 'Exists', value: '', effect: 'NoExecute', ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }), ...extra };
}

const NOW = 1_000_000;

describe('planEviction', () => {
  it.each<[string, NodeTaint[], TimedToleration[], ScheduledEviction | undefined, EvictionDecision]>([
    ['no taints: nothing scheduled stays', [], [], { createdAt: 0, fireAt: 5 }, { kind: 'cancel' }],
    ['no toleration: deleted at once', [unreachable], [], undefined, { kind: 'schedule', eviction: { createdAt: NOW, fireAt: NOW }, replaces: false }],
    ['one taint of two tolerated: deleted at once', [unreachable, maintenance], [tolerate(unreachable.key, 300)], undefined, { kind: 'schedule', eviction: { createdAt: NOW, fireAt: NOW }, replaces: false }],
    ['untolerated replaces a pending schedule', [unreachable, maintenance], [tolerate(unreachable.key, 300)], { createdAt: 0, fireAt: 300_000 }, { kind: 'schedule', eviction: { createdAt: NOW, fireAt: NOW }, replaces: true }],
    ['tolerationSeconds: deleted that long after it is first seen', [unreachable], [tolerate(unreachable.key, 2)], undefined, { kind: 'schedule', eviction: { createdAt: NOW, fireAt: NOW + 2000 }, replaces: false }],
    ['the shortest tolerationSeconds of the tolerations used wins', [unreachable, maintenance], [tolerate(unreachable.key, 300), tolerate(maintenance.key, 20)], undefined, { kind: 'schedule', eviction: { createdAt: NOW, fireAt: NOW + 20_000 }, replaces: false }],
    ['tolerationSeconds 0 or less: at once', [unreachable], [tolerate(unreachable.key, 0)], undefined, { kind: 'schedule', eviction: { createdAt: NOW, fireAt: NOW }, replaces: false }],
    ['tolerated forever: cancelled', [unreachable], [tolerate('')], { createdAt: 0, fireAt: 5 }, { kind: 'cancel' }],
    ['forever for one taint, limited for another: limited', [unreachable, maintenance], [tolerate(unreachable.key), tolerate(maintenance.key, 60)], undefined, { kind: 'schedule', eviction: { createdAt: NOW, fireAt: NOW + 60_000 }, replaces: false }],
    ['a schedule made earlier stands', [unreachable], [tolerate(unreachable.key, 2)], { createdAt: NOW - 1000, fireAt: NOW + 1000 }, { kind: 'keep' }],
  ])('%s', (_what, taints, tolerations, scheduled, expected) => {
    expect(planEviction(taints, tolerations, scheduled, NOW)).toEqual(expected);
  });
});

describe('matchingTolerations', () => {
  it.each<[string, TimedToleration, boolean]>([
    ['Exists on the key', tolerate(unreachable.key), true],
    ['Exists on every key', tolerate(''), true],
    ['every effect', tolerate(unreachable.key, undefined, { effect: '' }), true],
    ['another effect', tolerate(unreachable.key, undefined, { effect: 'NoSchedule' }), false],
    ['Equal with the value', tolerate(maintenance.key, undefined, { operator: 'Equal', value: 'yes' }), true],
    ['Equal with another value', tolerate(maintenance.key, undefined, { operator: 'Equal', value: 'no' }), false],
  ])('%s', (_what, toleration, tolerated) => {
    expect(matchingTolerations([unreachable, maintenance].filter((t) => toleration.key === '' || t.key === toleration.key), [toleration]).allTolerated).toBe(tolerated);
  });

  it('uses the first toleration that tolerates each taint', () => {
    const first = tolerate('', 10);
    expect(matchingTolerations([unreachable], [first, tolerate(unreachable.key, 1)]).used).toEqual([first]);
  });
});

describe('minTolerationMs', () => {
  it.each<[TimedToleration[], number | undefined]>([
    [[], 0],
    [[tolerate('a')], undefined],
    [[tolerate('a', 30), tolerate('b', 10)], 10_000],
    [[tolerate('a', 30), tolerate('b', -5)], 0],
  ])('%j → %s', (used, expected) => {
    expect(minTolerationMs(used)).toBe(expected);
  });
});
