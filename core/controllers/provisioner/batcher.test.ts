import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './batcher.ts';

describe('Batcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function batcher(): { batcher: Batcher; closes: number[] } {
    const closes: number[] = [];
    const b = new Batcher({ idleMs: 1_000, maxMs: 10_000 }, () => closes.push(Date.now()), () => Date.now());
    return { batcher: b, closes };
  }

  it('closes one idle period after the last trigger', () => {
    const { batcher: b, closes } = batcher();
    const start = Date.now();
    b.trigger();
    vi.advanceTimersByTime(600);
    b.trigger();
    vi.advanceTimersByTime(999);
    expect(closes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closes).toEqual([start + 1_600]);
    expect(b.open).toBe(false);
  });

  it('closes at the maximum however often it is triggered', () => {
    const { batcher: b, closes } = batcher();
    const start = Date.now();
    for (let t = 0; t < 15_000; t += 500) {
      b.trigger();
      vi.advanceTimersByTime(500);
    }
    expect(closes[0]).toBe(start + 10_000);
  });

  it('opens a new window on the first trigger after a close', () => {
    const { batcher: b, closes } = batcher();
    b.trigger();
    vi.advanceTimersByTime(1_000);
    b.trigger();
    vi.advanceTimersByTime(1_000);
    expect(closes).toHaveLength(2);
  });

  it('does not close after cancel', () => {
    const { batcher: b, closes } = batcher();
    b.trigger();
    b.cancel();
    vi.advanceTimersByTime(20_000);
    expect(closes).toEqual([]);
  });
});
