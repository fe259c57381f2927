import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../../test/e2e/support/eventually.ts';
import { SingleFlightLoop } from './loop.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('SingleFlightLoop', () => {
  let loop: SingleFlightLoop | undefined;
  afterEach(async () => loop?.stop());

  function counting(passMs: number, options: { intervalMs?: number; wakeDelayMs?: number } = {}) {
    const stats = { passes: 0, concurrent: 0, maxConcurrent: 0, errors: 0 };
    loop = new SingleFlightLoop(
      async () => {
        stats.passes++;
        stats.concurrent++;
        stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.concurrent);
        await sleep(passMs);
        stats.concurrent--;
      },
      { intervalMs: options.intervalMs ?? 60_000, wakeDelayMs: options.wakeDelayMs ?? 5, onError: () => stats.errors++ },
    );
    return { stats, loop };
  }

  it('runs a pass at start and then every interval', async () => {
    const { stats, loop } = counting(1, { intervalMs: 20 });
    loop.start();
    await eventually(() => expect(stats.passes).toBeGreaterThanOrEqual(4), 5_000, 5);
  });

  it('never runs two passes at once, and a burst of wake-ups during a pass makes exactly one more', async () => {
    const { stats, loop } = counting(40);
    loop.start();
    await sleep(10);
    for (let i = 0; i < 20; i++) loop.wake();
    await sleep(150);
    expect(stats.maxConcurrent).toBe(1);
    expect(stats.passes).toBe(2);
  });

  it('gathers wake-ups between passes into one pass', async () => {
    const { stats, loop } = counting(1, { wakeDelayMs: 20 });
    loop.start();
    await sleep(30);
    for (let i = 0; i < 10; i++) loop.wake();
    await sleep(60);
    expect(stats.passes).toBe(2);
  });

  it('runs no pass after stop', async () => {
    const { stats, loop } = counting(1, { intervalMs: 10 });
    loop.start();
    await sleep(5);
    await loop.stop();
    const before = stats.passes;
    loop.wake(0);
    await sleep(40);
    expect(stats.passes).toBe(before);
  });

  it('reports a failed pass and keeps going', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    loop = new SingleFlightLoop(
      async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      { intervalMs: 10, wakeDelayMs: 0, onError: (e) => errors.push(e) },
    );
    loop.start();
    await eventually(() => expect(calls).toBeGreaterThan(1), 5_000, 5);
    expect(errors).toHaveLength(1);
  });
});
