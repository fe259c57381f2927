import { describe, expect, it } from 'vitest';
import { BUILT_IN_PRICES, priceOf } from './prices.ts';

describe('prices', () => {
  it.each([
    ['e2-standard-2', 'on-demand', 0.06701],
    ['e2-standard-2', 'spot', 0.0294],
    ['e2-standard-16', 'on-demand', 0.53609],
    ['n2-standard-8', 'spot', 0.12701],
    ['t2a-standard-8', 'on-demand', 0.308],
  ] as const)('%s %s costs $%f an hour in us-central1', (type, capacity, price) => {
    expect(priceOf(type, capacity, {})).toBe(price);
  });

  it('scales a series\' standard shapes from a measured row by vCPUs', () => {
    // n2-standard-8 / 4: the published n2-standard-2 price ($0.097118) to five places
    expect(BUILT_IN_PRICES['n2-standard-2']).toEqual({ 'on-demand': 0.09712, spot: 0.03175 });
    expect(BUILT_IN_PRICES['t2a-standard-1']?.['on-demand']).toBe(0.0385);
    expect(BUILT_IN_PRICES['n2-standard-16']?.['on-demand']).toBe(0.77694);
  });

  it('lets the pool\'s table win, per capacity type', () => {
    const overrides = { 'e2-standard-2': { spot: 0.02 }, 'c3-standard-4': { 'on-demand': 0.2 } };
    expect(priceOf('e2-standard-2', 'spot', overrides)).toBe(0.02);
    expect(priceOf('e2-standard-2', 'on-demand', overrides)).toBe(0.06701);
    expect(priceOf('c3-standard-4', 'on-demand', overrides)).toBe(0.2);
    expect(priceOf('c3-standard-4', 'spot', overrides)).toBeUndefined();
  });
});
