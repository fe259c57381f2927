import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { speedIndex } from './speed-index.ts';

describe('speedIndex', () => {
  it('runs every round trip of the workload', () => {
    // names x0..x999: 10 of one digit, 90 of two, 900 of three, each with its "x"
    expect(speedIndex(1_000).checksum).toBe(10 * 2 + 90 * 3 + 900 * 4);
  });

  it('times one pass of the workload, within the call', () => {
    const began = performance.now();
    const { ms } = speedIndex(20_000);
    const elapsed = performance.now() - began;
    // 20,000 round trips of a 1 KiB object take milliseconds, not none; the timed pass is one of the call's two.
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(Math.ceil(elapsed));
  });
});
