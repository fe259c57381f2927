import { describe, expect, it } from 'vitest';
import { formatRFC3339Nano } from './objects.ts';
import { pod } from './test-fixtures.ts';
import { TriggerTimeTracker } from './trigger-time.ts';

const at = (text: string): number => Date.parse(text);

describe('TriggerTimeTracker', () => {
  it('gives the Service creation first, then the earliest change since the last sync, then nothing', () => {
    const tracker = new TriggerTimeTracker();
    const created = '2024-01-01T00:00:00Z';
    const a = pod({ name: 'a', readySince: '2024-01-01T00:00:05Z' });
    expect(tracker.compute('default/web', created, [a])).toBe(at(created));
    expect(tracker.compute('default/web', created, [a])).toBeUndefined();
    const b = pod({ name: 'b', readySince: '2024-01-01T00:00:09Z' });
    const a2 = pod({ name: 'a', readySince: '2024-01-01T00:00:07Z' });
    expect(tracker.compute('default/web', created, [a2, b])).toBe(at('2024-01-01T00:00:07Z'));
    tracker.deleteService('default/web');
    expect(tracker.compute('default/web', created, [a2, b])).toBe(at(created));
  });
});

describe('formatRFC3339Nano', () => {
  it.each([
    ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00Z'],
    ['2024-01-01T00:00:00.250Z', '2024-01-01T00:00:00.25Z'],
    ['2024-01-01T00:00:00.123Z', '2024-01-01T00:00:00.123Z'],
  ])('%s prints as %s', (input, want) => {
    expect(formatRFC3339Nano(Date.parse(input))).toBe(want);
  });
});
