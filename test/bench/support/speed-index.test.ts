import { describe, expect, it } from 'vitest';
import { speedIndex } from './speed-index.ts';

describe('speedIndex', () => {
  it('times every round trip of the workload', () => {
    // names x0..x999: 10 of one digit, 90 of two, 900 of three, each with its "x"
    const { ms, checksum } = speedIndex(1_000);
    expect(checksum).toBe(10 * 2 + 90 * 3 + 900 * 4);
    expect(Number.isInteger(ms)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0);
  });
});
