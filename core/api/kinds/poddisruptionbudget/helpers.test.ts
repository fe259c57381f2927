import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { conditionsAreUpToDate, setStatusCondition, withDisruptionAllowedCondition } from './conditions.ts';
import { scaledValueFromIntOrPercent } from './int-or-percent.ts';
import { budgetSelects, budgetStatusOf, type BudgetStatus } from './types.ts';

const now = new Date('2024-06-01T12:00:00.250Z');

describe('scaledValueFromIntOrPercent', () => {
  it.each<[number | string, number, boolean, number]>([
    [3, 10, true, 3],
    ['50%', 5, true, 3],
    ['50%', 5, false, 2],
    ['33%', 3, true, 1],
    ['34%', 3, true, 2],
    ['100%', 7, true, 7],
    ['0%', 7, true, 0],
    ['10%', 0, true, 0],
  ])('%s of %i (round up %s) is %i', (value, total, roundUp, expected) => {
    expect(scaledValueFromIntOrPercent(value, total, roundUp)).toEqual({ value: expected });
  });

  it.each([
    ['5', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['x%', 'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax'],
  ])('refuses %s', (value, error) => {
    expect(scaledValueFromIntOrPercent(value, 4, true)).toEqual({ error });
  });
});

describe('the DisruptionAllowed condition', () => {
  const base: BudgetStatus = { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 2 };

  it.each<[string, number, string, string]>([
    ['disruptions left', 1, 'True', 'SufficientPods'],
    ['none left', 0, 'False', 'InsufficientPods'],
  ])('with %s', (_, allowed, status, reason) => {
    const next = withDisruptionAllowedCondition({ ...base, disruptionsAllowed: allowed }, now);
    expect(next.conditions).toEqual([{ type: 'DisruptionAllowed', status, observedGeneration: 2, reason, message: '', lastTransitionTime: '2024-06-01T12:00:00Z' }]);
    expect(conditionsAreUpToDate(next, 2)).toBe(true);
    expect(conditionsAreUpToDate(next, 3)).toBe(false);
    expect(conditionsAreUpToDate({ ...next, disruptionsAllowed: 1 - allowed }, 2)).toBe(false);
  });

  it('moves lastTransitionTime only when the status changes', () => {
    const earlier = [{ type: 'DisruptionAllowed', status: 'True' as const, reason: 'SufficientPods', message: '', lastTransitionTime: '2024-01-01T00:00:00Z' }];
    const same = setStatusCondition(earlier, { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: 'm' }, now);
    expect(same[0]?.lastTransitionTime).toBe('2024-01-01T00:00:00Z');
    expect(same[0]?.message).toBe('m');
    const flipped = setStatusCondition(earlier, { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' }, now);
    expect(flipped[0]?.lastTransitionTime).toBe('2024-06-01T12:00:00Z');
  });

  it('is missing when no condition was ever written', () => {
    expect(conditionsAreUpToDate(base, 2)).toBe(false);
  });
});

describe('budgetSelects', () => {
  const pdb = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'p', namespace: 'default' }, spec });

  it.each<[string, Record<string, unknown>, Record<string, string>, boolean]>([
    ['matching labels', { selector: { matchLabels: { app: 'web' } } }, { app: 'web', x: 'y' }, true],
    ['other labels', { selector: { matchLabels: { app: 'web' } } }, { app: 'db' }, false],
    ['an empty selector', { selector: {} }, { any: 'thing' }, true],
    ['no selector', {}, { app: 'web' }, false],
    ['a selector that does not convert', { selector: { matchExpressions: [{ key: 'app', operator: 'Is' }] } }, { app: 'web' }, false],
    ['a set-based selector', { selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] } }, { app: 'web' }, true],
  ])('%s', (_, spec, labels, expected) => {
    expect(budgetSelects(pdb(spec), labels)).toBe(expected);
  });
});

describe('budgetStatusOf', () => {
  it('reads Go zero values for what is missing or of the wrong type', () => {
    const pdb: KubeObject = { metadata: {}, status: { currentHealthy: 2, desiredHealthy: 'x', disruptedPods: { a: '2024-06-01T12:00:00Z', b: 3 } } };
    expect(budgetStatusOf(pdb)).toEqual({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 0, expectedPods: 0, disruptedPods: { a: '2024-06-01T12:00:00Z' } });
  });
});
