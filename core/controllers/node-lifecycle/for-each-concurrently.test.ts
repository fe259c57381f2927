import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from './for-each-concurrently.ts';

/** Spends `ms` of CPU without waiting for anything, as a healthy node's check does. */
function spin(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until);
  return Promise.resolve();
}

describe('forEachConcurrently', () => {
  it('works every item once with at most `limit` in flight', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    await forEachConcurrently([...Array(50).keys()], 4, async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      seen.push(item);
      inFlight--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(most).toBe(4);
  });

  it('lets the event loop run between slices of work that never waits for I/O', async () => {
    let done = 0;
    const doneWhenTheLoopRan: number[] = [];
    const watch = (): void => {
      doneWhenTheLoopRan.push(done);
      if (done < 400) setImmediate(watch);
    };
    setImmediate(watch);
    await forEachConcurrently([...Array(400).keys()], 8, async () => {
      await spin(0.1);
      done++;
    });
    // 40 ms of work in 5 ms slices: the loop got turns while items remained.
    expect(doneWhenTheLoopRan.filter((n) => n > 0 && n < 400).length).toBeGreaterThanOrEqual(5);
  });
});
