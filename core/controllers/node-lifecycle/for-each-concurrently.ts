import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long the items may run before the event loop gets a turn. Most items
 * (a healthy node's check) finish without waiting for I/O, so without this a
 * pass over 5,000 nodes would be one task of about 100 ms during which the API
 * server answers nothing; Go runs the same loop beside the server.
 */
const SLICE_MS = 5;

/** workqueue.ParallelizeUntil: `work` on every item, at most `limit` at once, yielding to the event loop every few milliseconds. */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let sliceStart = performance.now();
  // One turn for all workers: each resuming on a turn of its own would start a fresh slice.
  let turn: Promise<void> | undefined;
  const yieldTurn = (): Promise<void> =>
    (turn ??= nextTurn().then(() => {
      sliceStart = performance.now();
      turn = undefined;
    }));
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      if (performance.now() - sliceStart >= SLICE_MS) await yieldTurn();
      const item = items[i];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
