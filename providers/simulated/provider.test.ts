import { describe, expect, it } from 'vitest';
import { zoneFor } from './provider.ts';

describe('zoneFor', () => {
  it.each([
    ['sim-0', ['a', 'b', 'c'], 'a'],
    ['sim-1', ['a', 'b', 'c'], 'b'],
    ['sim-5', ['a', 'b', 'c'], 'c'],
    ['sim-7', ['only'], 'only'],
  ])('%s in zones %j is in %s', (name, zones, zone) => {
    expect(zoneFor(name, zones)).toBe(zone);
  });

  it('spreads names without an ordinal by hash, always within the zones', () => {
    const zones = ['a', 'b'];
    const seen = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'].map((name) => zoneFor(name, zones)));
    expect([...seen].every((z) => zones.includes(z))).toBe(true);
    expect(zoneFor('alpha', zones)).toBe(zoneFor('alpha', zones));
  });
});
