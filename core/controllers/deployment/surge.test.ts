import { describe, expect, it } from 'vitest';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './surge.ts';
import { deployment } from './test-fixtures.ts';

describe('scaledValue', () => {
  it.each<[number | string | undefined, number, boolean, number]>([
    [3, 10, true, 3],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['100%', 7, false, 7],
    ['0%', 7, true, 0],
    [undefined, 7, true, 0],
  ])('%s of %d (round up %s) is %d', (value, total, up, expected) => {
    expect(scaledValue(value, total, up)).toBe(expected);
  });

  it('rejects a string that is not a percentage, as intstr does', () => {
    expect(() => scaledValue('5', 10, true)).toThrow('invalid value for IntOrString: invalid type: string is not a percentage');
  });
});

describe('resolveFenceposts', () => {
  it.each<[number | string, number | string, number, number, number]>([
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 10, 3, 2],
    ['0%', '1%', 2, 0, 1],
    [0, 0, 5, 0, 1],
    ['1%', '25%', 1, 1, 0],
  ])('surge %s unavailable %s of %d: %d and %d', (surge, unavailable, desired, s, u) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ maxSurge: s, maxUnavailable: u });
  });
});

describe('maxSurge and maxUnavailable of a Deployment', () => {
  it.each([
    { d: { replicas: 10 }, surge: 3, unavailable: 2 },
    { d: { replicas: 0 }, surge: 0, unavailable: 0 },
    { d: { replicas: 2, maxUnavailable: 5 }, surge: 1, unavailable: 2 },
    { d: { replicas: 10, strategy: 'Recreate' as const }, surge: 0, unavailable: 0 },
  ])('$d: surge $surge, unavailable $unavailable', ({ d, surge, unavailable }) => {
    expect(maxSurge(deployment(d))).toBe(surge);
    expect(maxUnavailable(deployment(d))).toBe(unavailable);
  });
});
