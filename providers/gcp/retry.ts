import { ThrottledError } from '../../core/index.ts';
import { isThrottled } from './errors.ts';

/**
 * Compute Engine rate-limits API requests per project and per minute
 * (cloud.google.com/compute/api-quota); a refused call is safe to repeat.
 * Retried with exponential backoff and jitter, a bounded number of times,
 * then ThrottledError so the caller paces itself.
 */
export interface ThrottleRetryPolicy {
  /** retries after the first try */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait before retry `attempt` (0-based): base × 2^attempt, capped, with ±20% jitter so that pools do not retry in step. */
export function backoffDelayMs(attempt: number, policy: ThrottleRetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.max(1, Math.round(exponential * (0.8 + 0.4 * random())));
}

export async function withThrottleRetry<T>(what: string, call: () => Promise<T>, policy: ThrottleRetryPolicy, sleep: Sleep = realSleep): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottled(error)) throw error;
      const delay = backoffDelayMs(attempt, policy);
      if (attempt >= policy.attempts) throw new ThrottledError(delay, `${what}: Compute Engine API rate limit still exceeded after ${policy.attempts + 1} tries; retry after ${delay} ms`);
      await sleep(delay);
    }
  }
}
