import { describe, expect, it } from 'vitest';
import { RateLimitedTainter, TokenBucket } from './rate-limited-tainter.ts';

describe('TokenBucket', () => {
  it('starts full, refills at qps, and a rate of 0 never gives a token', () => {
    const bucket = new TokenBucket(0.1, 1, 0);
    expect(bucket.tryAccept(0)).toBe(true);
    expect(bucket.tryAccept(5_000)).toBe(false);
    expect(bucket.msUntilToken(5_000)).toBe(5_000);
    expect(bucket.tryAccept(10_000)).toBe(true);
    expect(new TokenBucket(0, 1, 0).msUntilToken(0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('RateLimitedTainter', () => {
  it('lets one node through per token and says when to come back', async () => {
    let clock = 0;
    const tainter = new RateLimitedTainter(0.1, clock);
    expect(tainter.add('a', clock)).toBe(true);
    expect(tainter.add('b', clock)).toBe(true);
    const done: string[] = [];
    const wait = await tainter.process(() => clock, async (node) => {
      done.push(node);
      return { done: true };
    });
    expect(done).toEqual(['a']);
    expect(wait).toBe(10_000);
    clock = 10_000;
    await tainter.process(() => clock, async (node) => {
      done.push(node);
      return { done: true };
    });
    expect(done).toEqual(['a', 'b']);
  });

  it('does not queue a node twice until it is removed, and retries a failed one later', async () => {
    let clock = 0;
    const tainter = new RateLimitedTainter(1000, clock);
    tainter.add('a', clock);
    expect(tainter.add('a', clock)).toBe(false);
    const wait = await tainter.process(() => clock, async () => ({ done: false, retryAfterMs: 100 }));
    expect(wait).toBe(100);
    expect(tainter.length).toBe(1);
    clock = 100;
    await tainter.process(() => clock, async () => ({ done: true }));
    expect(tainter.length).toBe(0);
    expect(tainter.add('a', clock)).toBe(false);
    expect(tainter.remove('a')).toBe(true);
    expect(tainter.add('a', clock)).toBe(true);
  });

  it('stops at rate 0, and a drained limiter stays drained across a rate change', async () => {
    const tainter = new RateLimitedTainter(0.1, 0);
    tainter.add('a', 0);
    tainter.setRate(0, 0);
    expect(await tainter.process(() => 0, async () => ({ done: true }))).toBeUndefined();
    expect(tainter.length).toBe(1);
    // Coming back from rate 0 (no tokens), the new limiter starts drained too: the first node waits a whole interval.
    tainter.setRate(0.1, 0);
    let ran = 0;
    const work = async (): Promise<{ done: true }> => {
      ran++;
      return { done: true };
    };
    expect(await tainter.process(() => 0, work)).toBe(10_000);
    expect(ran).toBe(0);
    await tainter.process(() => 10_000, work);
    expect(ran).toBe(1);
  });
});
