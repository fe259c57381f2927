import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  /** operations to run, numbered 0..count-1 */
  count: number;
  /** operations in flight at once */
  concurrency: number;
  /** no operation starts after this long; the result then covers fewer than `count` */
  timeLimitMs: number;
  op: (index: number) => Promise<void>;
}

export interface LoadResult {
  done: number;
  elapsedMs: number;
  perSec: number;
  /** per-operation latency in ms, in completion order */
  latenciesMs: number[];
}

/**
 * Runs `op` with a fixed number of workers pulling the next index, a closed
 * loop as a pool of clients behaves. The first failure stops every worker and
 * is thrown: a figure with failed requests in it would mean nothing.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failure: unknown;
  const start = performance.now();
  const deadline = start + options.timeLimitMs;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < options.count && performance.now() < deadline) {
      const index = next++;
      const began = performance.now();
      try {
        await options.op(index);
      } catch (error) {
        failure ??= error;
        return;
      }
      latenciesMs.push(performance.now() - began);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (failure !== undefined) throw failure;
  const elapsedMs = performance.now() - start;
  return { done: latenciesMs.length, elapsedMs, perSec: (latenciesMs.length * 1000) / elapsedMs, latenciesMs };
}
