import { describe, expect, it } from 'vitest';
import { ThrottledError } from '../../core/index.ts';
import { backoffDelayMs, withThrottleRetry } from './retry.ts';
import { notFoundBody, rateLimitBody } from './test-support/compute-fixtures.ts';

const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
const throttled = Object.assign(new Error(JSON.stringify(rateLimitBody('1'))), { status: 403 });

describe('throttle retries', () => {
  it.each([
    [0, 0.5, 100],
    [1, 0.5, 200],
    [2, 0.5, 400],
    [3, 0.5, 500],
    [0, 0, 80],
    [0, 1, 120],
  ])('retry %i with jitter draw %f waits %i ms', (attempt, draw, ms) => {
    expect(backoffDelayMs(attempt, policy, () => draw)).toBe(ms);
  });

  it('retries throttled calls, sleeping between them, until one succeeds', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withThrottleRetry(
      'insert',
      async () => {
        calls += 1;
        if (calls < 3) throw throttled;
        return 'done';
      },
      policy,
      async (ms) => void sleeps.push(ms),
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up with ThrottledError after the retries', async () => {
    let calls = 0;
    const error = await withThrottleRetry('insert', async () => {
      calls += 1;
      throw throttled;
    }, policy, async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(calls).toBe(4);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const notFound = Object.assign(new Error(JSON.stringify(notFoundBody('p', 'z', 'x'))), { status: 404 });
    await expect(withThrottleRetry('delete', async () => {
      calls += 1;
      throw notFound;
    }, policy, async () => undefined)).rejects.toBe(notFound);
    expect(calls).toBe(1);
  });
});
