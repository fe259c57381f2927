import { describe, expect, it } from 'vitest';
import { humanDuration, parseTimestamp, translateTimestampSince } from './age.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    [-3 * s, '<invalid>'],
    [-2 * s, '<invalid>'],
    [-1500, '0s'],
    [-999, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 30 * s, '2m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [2 * d, '2d'],
    [2 * d + 2 * h, '2d2h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d - d, '7y364d'],
    [8 * 365 * d, '8y'],
    [3000 * d, '8y'],
  ])('%d ms prints %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('translateTimestampSince', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  it.each([
    [undefined, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
    ['2024-06-01T11:55:00Z', '5m'],
    ['2024-06-01T11:58:30.123456Z', '89s'],
    ['2024-05-30T12:00:00Z', '2d'],
    ['2024-06-01T12:00:05Z', '<invalid>'],
  ])('%s → %s', (timestamp, expected) => {
    expect(translateTimestampSince(timestamp, now)).toBe(expected);
  });

  it('parseTimestamp answers undefined for unset or bad values', () => {
    expect(parseTimestamp(undefined)).toBeUndefined();
    expect(parseTimestamp('x')).toBeUndefined();
    expect(parseTimestamp('1970-01-01T00:00:01Z')).toBe(1000);
  });
});
