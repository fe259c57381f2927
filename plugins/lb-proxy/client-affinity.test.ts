import { describe, expect, it } from 'vitest';
import { ClientAffinity } from './client-affinity.ts';

describe('ClientAffinity', () => {
  it.each([
    { name: 'within the timeout', recordAt: 0, lookupAt: 9_999, timeout: 10, expected: '10.0.0.2:80' },
    { name: 'at the timeout', recordAt: 0, lookupAt: 10_000, timeout: 10, expected: '10.0.0.2:80' },
    { name: 'after the timeout', recordAt: 0, lookupAt: 10_001, timeout: 10, expected: undefined },
    { name: "Kubernetes' default 3 hours", recordAt: 5_000, lookupAt: 5_000 + 10_800_000, timeout: 10_800, expected: '10.0.0.2:80' },
  ])('$name', ({ recordAt, lookupAt, timeout, expected }) => {
    let now = recordAt;
    const affinity = new ClientAffinity(() => now);
    affinity.record('192.0.2.7', '10.0.0.2:80', timeout);
    now = lookupAt;
    expect(affinity.lookup('192.0.2.7', timeout)).toBe(expected);
    expect(affinity.lookup('192.0.2.8', timeout)).toBeUndefined();
  });

  it('each connection renews the timer', () => {
    let now = 0;
    const affinity = new ClientAffinity(() => now);
    affinity.record('192.0.2.7', 'a', 10);
    now = 8_000;
    affinity.record('192.0.2.7', 'a', 10);
    now = 16_000;
    expect(affinity.lookup('192.0.2.7', 10)).toBe('a');
  });

  it('drops expired clients as new ones come', () => {
    let now = 0;
    const affinity = new ClientAffinity(() => now);
    for (let i = 0; i < 1000; i++) affinity.record(`198.51.100.${i}`, 'a', 1);
    now = 5_000;
    for (let i = 0; i < 100; i++) affinity.record(`203.0.113.${i}`, 'b', 1);
    expect(affinity.size).toBeLessThan(200);
  });
});
