import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles.ts';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  it.each([
    { samples: hundred, p: 50, expected: 50 },
    { samples: hundred, p: 99, expected: 99 },
    { samples: hundred, p: 100, expected: 100 },
    { samples: hundred, p: 0, expected: 1 },
    { samples: [7], p: 99, expected: 7 },
    { samples: [3, 1, 2], p: 50, expected: 2 },
    { samples: [1, 2, 3, 4], p: 50, expected: 2 },
  ])('p$p of $samples.length samples is $expected', ({ samples, p, expected }) => {
    expect(percentile(samples, p)).toBe(expected);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('reports count, median, p99 and max', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(summarize(samples)).toEqual({ count: 1000, p50: 500, p99: 990, max: 1000 });
  });
});
