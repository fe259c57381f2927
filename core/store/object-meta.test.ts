import { describe, expect, it } from 'vitest';
import { rfc3339 } from './object-meta.ts';

describe('rfc3339', () => {
  it.each([
    ['2026-11-26T13:28:25.000Z', '2026-11-26T13:28:25Z'],
    ['2026-11-26T13:28:25.999Z', '2026-11-26T13:28:25Z'],
    ['2026-11-26T13:28:26.001Z', '2026-11-26T13:28:26Z'],
    ['2026-11-26T13:28:25.500Z', '2026-11-26T13:28:25Z'],
    ['1969-12-31T23:59:59.500Z', '1969-12-31T23:59:59Z'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00Z'],
  ])('formats %s as %s, whatever came before', (iso, expected) => {
    expect(rfc3339(new Date(iso))).toBe(expected);
  });

  it('still refuses an invalid date after a valid one', () => {
    rfc3339(new Date(0));
    expect(() => rfc3339(new Date(Number.NaN))).toThrow(RangeError);
  });
});
