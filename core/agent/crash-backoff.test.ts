import { describe, expect, it } from 'vitest';
import { CrashBackoff } from './crash-backoff.ts';

describe('CrashBackoff', () => {
  it('lets the first restart go at once, then doubles from the initial delay up to the max', () => {
    const backoff = new CrashBackoff({ initialMs: 10_000, maxMs: 40_000 });
    const key = CrashBackoff.keyOf('uid', 'app');
    expect(backoff.remainingMs(key, 0, 0)).toBe(0);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      backoff.recordRestart(key, i);
      delays.push(backoff.delayMs(key, i));
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 40_000]);
    expect(backoff.remainingMs(key, 1_000, 5_000)).toBe(36_000);
  });

  it('forgets a container that ran for twice the max without restarting', () => {
    const backoff = new CrashBackoff({ initialMs: 1_000, maxMs: 4_000 });
    backoff.recordRestart('k', 0);
    backoff.recordRestart('k', 0);
    expect(backoff.delayMs('k', 8_000)).toBe(2_000);
    expect(backoff.delayMs('k', 8_001)).toBe(0);
  });

  it('counts an image pull back-off from the last failure', () => {
    const backoff = new CrashBackoff({ initialMs: 1_000, maxMs: 4_000 });
    backoff.recordRestart('img', 100);
    expect(backoff.remainingSinceLastMs('img', 600)).toBe(500);
    backoff.forget('img');
    expect(backoff.remainingSinceLastMs('img', 600)).toBe(0);
  });
});
