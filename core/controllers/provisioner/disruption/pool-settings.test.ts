import { describe, expect, it } from 'vitest';
import { consolidateAfterOf, disruptionSettingsOf } from './pool-settings.ts';
import { pool } from './test-fixtures.ts';

describe('consolidateAfterOf', () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, 0],
    ['0s', 0],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['Never', undefined],
    ['-5s', undefined],
    ['soon', undefined],
  ])('%j -> %j ms (undefined: never consolidate)', (value, ms) => {
    expect(consolidateAfterOf(value)).toBe(ms);
  });
});

describe('disruptionSettingsOf', () => {
  it('fills in Karpenter defaults', () => {
    const settings = disruptionSettingsOf({ ...pool('p'), spec: { provider: 'simulated' } });
    expect(settings).toEqual({ policy: 'WhenEmptyOrUnderutilized', consolidateAfterMs: 0, budgets: [{ nodes: '10%' }], min: 0 });
  });

  it('reads what the pool says', () => {
    const settings = disruptionSettingsOf(pool('p', { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m', budgets: [{ nodes: '1' }] }, { min: 2 }));
    expect(settings).toEqual({ policy: 'WhenEmpty', consolidateAfterMs: 300_000, budgets: [{ nodes: '1' }], min: 2 });
  });
});
