import { describe, expect, it } from 'vitest';
import { runLoad } from './load.ts';

describe('runLoad', () => {
  it('runs every index once and never more than `concurrency` at a time', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const result = await runLoad({
      count: 50,
      concurrency: 4,
      timeLimitMs: 10_000,
      op: async (index) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push(index);
        inFlight--;
      },
    });
    expect(result.done).toBe(50);
    expect(result.latenciesMs).toHaveLength(50);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(peak).toBe(4);
    expect(result.perSec).toBeGreaterThan(0);
  });

  it('stops starting operations at the time limit', async () => {
    const result = await runLoad({
      count: 1_000_000,
      concurrency: 2,
      timeLimitMs: 50,
      op: () => new Promise((resolve) => setTimeout(resolve, 5)),
    });
    expect(result.done).toBeGreaterThan(0);
    expect(result.done).toBeLessThan(1_000);
  });

  it('throws the first failure and stops the other workers', async () => {
    let started = 0;
    const run = runLoad({
      count: 1_000,
      concurrency: 3,
      timeLimitMs: 10_000,
      op: async (index) => {
        started++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (index === 5) throw new Error('boom at 5');
      },
    });
    await expect(run).rejects.toThrow('boom at 5');
    expect(started).toBeLessThan(20);
  });
});
