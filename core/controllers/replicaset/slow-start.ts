/** controller.SlowStartInitialBatchSize */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface SlowStartResult {
  successes: number;
  /** the first failure of the batch that stopped the run */
  error?: unknown;
}

/** The batch sizes slowStartBatch uses for `count` calls when every batch succeeds: 1, 2, 4, ... capped by what remains. */
export function slowStartBatchSizes(count: number, initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}

/**
 * slowStartBatch: calls `fn` `count` times in batches that start small and
 * double while they succeed; a batch with a failure ends the run after it
 * completes. A ReplicaSet that cannot create pods (quota, admission) thus
 * fails after one request, not five hundred.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => fn()));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += results.filter((r) => r.status === 'fulfilled').length;
    if (failure !== undefined) return { successes, error: failure.reason };
    remaining -= size;
  }
  return { successes };
}
