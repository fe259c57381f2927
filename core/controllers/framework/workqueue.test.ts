import { describe, expect, it } from 'vitest';
import { WorkQueue } from './workqueue.ts';

describe('WorkQueue', () => {
  it('deduplicates keys that wait', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.length).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
  });

  it('never hands out a key that is being processed; a change meanwhile runs it again after', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    const first = await queue.get();
    queue.add('a');
    expect(queue.length).toBe(0);
    queue.done(first ?? '');
    expect(queue.length).toBe(1);
    expect(await queue.get()).toBe('a');
  });

  it('holds a resting key back until its rest is over, its adds of that time as one, and leaves other keys alone', async () => {
    const queue = new WorkQueue();
    queue.add('big');
    expect(await queue.get()).toBe('big');
    queue.rest('big', 60);
    const restedAt = Date.now();
    queue.done('big');
    queue.add('big');
    queue.add('big');
    queue.add('small');
    expect(queue.length).toBe(1);
    expect(await queue.get()).toBe('small');
    queue.done('small');
    expect(await queue.get()).toBe('big');
    expect(Date.now() - restedAt).toBeGreaterThanOrEqual(55);
    queue.done('big');
    // The rest is over: the next add runs at once, and only one run came of the two adds.
    queue.add('big');
    expect(queue.length).toBe(1);
    // A rest under a millisecond holds nothing back.
    queue.rest('small', 0.5);
    queue.add('small');
    expect(queue.length).toBe(2);
  });

  it('backs off per key exponentially and forgets on success', async () => {
    const queue = new WorkQueue({ baseDelayMs: 10, maxDelayMs: 40 });
    const started = Date.now();
    queue.addRateLimited('a');
    expect(await queue.get()).toBe('a');
    queue.done('a');
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    expect(queue.failureCount('a')).toBe(3);
    expect(await queue.get()).toBe('a');
    expect(Date.now() - started).toBeGreaterThanOrEqual(10);
    queue.forget('a');
    expect(queue.failureCount('a')).toBe(0);
  });

  it('wakes waiting workers on shutdown', async () => {
    const queue = new WorkQueue();
    const waiting = queue.get();
    queue.shutDown();
    expect(await waiting).toBeUndefined();
    queue.add('late');
    expect(queue.length).toBe(0);
  });
});
