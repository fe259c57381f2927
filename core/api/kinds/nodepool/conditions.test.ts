import { describe, expect, it } from 'vitest';
import { conditionIsTrue, conditionTime, findCondition, sameConditions, setConditions, withoutCondition } from './conditions.ts';
import type { Condition } from './types.ts';

const earlier = new Date('2025-01-01T00:00:00.250Z');
const later = new Date('2025-01-01T00:05:00Z');
const ready = (status: Condition['status'], extra: Partial<Condition> = {}): Condition => ({ type: 'Ready', status, ...extra });

describe('findCondition and conditionIsTrue', () => {
  const claim = { status: { conditions: [ready('True'), { type: 'Launched', status: 'False' as const }] } };
  it.each<[string, boolean]>([
    ['Ready', true],
    ['Launched', false],
    ['Initialized', false],
  ])('%s is true: %s', (type, expected) => {
    expect(conditionIsTrue(claim, type)).toBe(expected);
  });

  it('finds a condition by type, and nothing in an absent list', () => {
    expect(findCondition(claim.status.conditions, 'Launched')?.status).toBe('False');
    expect(findCondition(undefined, 'Ready')).toBeUndefined();
    expect(conditionIsTrue({}, 'Ready')).toBe(false);
  });
});

describe('conditionTime', () => {
  it('writes RFC 3339 in whole seconds, as metav1.Time', () => {
    expect(conditionTime(earlier)).toBe('2025-01-01T00:00:00Z');
  });
});

describe('setConditions', () => {
  it('keeps lastTransitionTime while the status stays, moves it when the status changes', () => {
    const first = setConditions([], [{ type: 'Ready', status: 'False', reason: 'NodeNotReady' }], earlier, 1);
    const same = setConditions(first, [{ type: 'Ready', status: 'False', reason: 'Other', message: 'm' }], later, 2);
    expect(same).toEqual([{ type: 'Ready', status: 'False', reason: 'Other', message: 'm', lastTransitionTime: '2025-01-01T00:00:00Z', observedGeneration: 2 }]);
    const changed = setConditions(same, [{ type: 'Ready', status: 'True', reason: 'Ready' }], later, 2);
    expect(changed[0]?.lastTransitionTime).toBe('2025-01-01T00:05:00Z');
  });

  it('leaves other conditions in their place and sets no observedGeneration without a generation', () => {
    const existing = [{ type: 'Launched', status: 'True' as const }, ready('False')];
    const next = setConditions(existing, [{ type: 'Empty', status: 'True', reason: 'Empty' }], later, undefined);
    expect(next.map((c) => c.type)).toEqual(['Launched', 'Ready', 'Empty']);
    expect(next[2]).toEqual({ type: 'Empty', status: 'True', reason: 'Empty', message: '', lastTransitionTime: '2025-01-01T00:05:00Z' });
  });
});

describe('withoutCondition', () => {
  it('drops the condition of the type only', () => {
    expect(withoutCondition([ready('True'), { type: 'Empty', status: 'True' }], 'Empty')).toEqual([ready('True')]);
  });
});

describe('sameConditions', () => {
  it.each<[string, Condition[], Condition[], boolean]>([
    ['the same in another order', [ready('True'), { type: 'Empty', status: 'True' }], [{ type: 'Empty', status: 'True' }, ready('True')], true],
    ['an absent reason is an empty one', [ready('True')], [ready('True', { reason: '' })], true],
    ['another status', [ready('True')], [ready('False')], false],
    ['another transition time', [ready('True', { lastTransitionTime: 'a' })], [ready('True', { lastTransitionTime: 'b' })], false],
    ['another generation', [ready('True', { observedGeneration: 1 })], [ready('True', { observedGeneration: 2 })], false],
    ['one more condition', [ready('True')], [ready('True'), { type: 'Empty', status: 'True' }], false],
  ])('%s: %s', (_what, a, b, expected) => {
    expect(sameConditions(a, b)).toBe(expected);
  });
});
