import { describe, expect, it } from 'vitest';
import { consolidateAfterMs, formatGoDuration, parseGoDuration } from './duration.ts';

describe('parseGoDuration', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['0s', 0],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1.s', 1000],
    ['300ms', 300],
    ['1500us', 1.5],
    ['2µs', 0.002],
    ['+5m', 300_000],
    ['-5m', -300_000],
    ['1h1m1s', 3_661_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each(['', '5', '.s', 's', '5x', '5 s', '1h-5m', '5S', 'Never', '1e3s', '10000000000h'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe('consolidateAfterMs', () => {
  it.each<[string, number | undefined]>([
    ['Never', Number.POSITIVE_INFINITY],
    ['0s', 0],
    ['1m30s', 90_000],
    ['-1s', undefined],
    ['never', undefined],
    ['soon', undefined],
  ])('%s → %s', (text, ms) => {
    expect(consolidateAfterMs(text)).toBe(ms);
  });
});

describe('formatGoDuration', () => {
  it.each([
    [15 * 60_000, '15m0s'],
    [3_600_000, '1h0m0s'],
    [90_500, '1m30.5s'],
    [1500, '1.5s'],
    [300, '300ms'],
    [0, '0s'],
    [-90_000, '-1m30s'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it.each([0, 300, 1500, 90_500, 3_661_000])('%i ms reads back as itself', (ms) => {
    expect(parseGoDuration(formatGoDuration(ms))).toBeCloseTo(ms, 9);
  });
});
