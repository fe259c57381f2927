import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../contracts/scheduling.ts';
import { pod } from '../plugins/test-fixtures.ts';
import { SchedulingQueue } from './scheduling-queue.ts';

const interests: Record<string, readonly ClusterEvent[]> = { NodeResourcesFit: ['NodeAdd', 'AssignedPodDelete'], TaintToleration: ['NodeTaintChange'] };

function queue(initialBackoffMs = 0): SchedulingQueue {
  return new SchedulingQueue({ initialBackoffMs, maxBackoffMs: 10 * initialBackoffMs, eventsOf: (plugin) => interests[plugin] });
}

const withPriority = (name: string, priority: number) => pod(name, { spec: { priority } });

describe('SchedulingQueue', () => {
  it('hands out higher priority first, then first in first out', () => {
    const q = queue();
    for (const p of [withPriority('low', 0), withPriority('high-1', 100), withPriority('mid', 10), withPriority('high-2', 100)]) q.add(p);
    const order: string[] = [];
    for (let next = q.tryPop(); next !== undefined; next = q.tryPop()) order.push(next.info.name);
    expect(order).toEqual(['high-1', 'high-2', 'mid', 'low']);
  });

  it('wakes a waiting pop when a pod arrives', async () => {
    const q = queue();
    const waiting = q.pop();
    q.add(pod('p'));
    expect((await waiting)?.info.name).toBe('p');
  });

  it.each<[string, string[], ClusterEvent, boolean]>([
    ['a change the rejecting plugin cares about retries the pod', ['NodeResourcesFit'], 'NodeAdd', true],
    ['any rejecting plugin may care', ['TaintToleration', 'NodeResourcesFit'], 'NodeTaintChange', true],
    ['other changes leave it waiting', ['NodeResourcesFit'], 'NodeLabelChange', false],
    ['a plugin listing no changes cares about all', ['SomeCustomPlugin'], 'NodeLabelChange', true],
  ])('%s', (_name, rejectors, event, retried) => {
    const q = queue();
    q.add(pod('p'));
    const popped = q.tryPop();
    if (popped === undefined) throw new Error('nothing queued');
    q.requeueUnschedulable(popped, new Set(rejectors));
    expect(q.counts.unschedulable).toBe(1);
    q.onClusterEvent(event);
    expect(q.tryPop()?.info.name).toBe(retried ? 'p' : undefined);
  });

  it('keeps a retried pod back until its backoff has passed', async () => {
    const q = queue(30);
    q.add(pod('p'));
    const popped = q.tryPop();
    if (popped === undefined) throw new Error('nothing queued');
    q.requeueBackoff(popped);
    expect(q.tryPop()).toBeUndefined();
    expect(q.counts.backoff).toBe(1);
    const again = await q.pop();
    expect(again?.info.name).toBe('p');
    expect(again?.attempts).toBe(2);
  });

  it('forgets deleted pods wherever they wait, and a pod re-added meanwhile wins over the retried one', () => {
    const q = queue();
    q.add(pod('gone'));
    q.delete('default/gone');
    expect(q.tryPop()).toBeUndefined();

    q.add(pod('p'));
    const popped = q.tryPop();
    if (popped === undefined) throw new Error('nothing queued');
    q.add(pod('p', { labels: { v: '2' } }));
    q.requeueUnschedulable(popped, new Set(['NodeResourcesFit']));
    expect(q.counts).toEqual({ active: 1, backoff: 0, unschedulable: 0 });
    expect(q.tryPop()?.info.labels).toEqual({ v: '2' });
  });

  it('retries an unschedulable pod whose spec or labels changed', () => {
    const q = queue();
    q.add(pod('p'));
    const popped = q.tryPop();
    if (popped === undefined) throw new Error('nothing queued');
    q.requeueUnschedulable(popped, new Set(['NodeResourcesFit']));
    q.update(pod('p'), false);
    expect(q.tryPop()).toBeUndefined();
    q.update(pod('p', { labels: { fixed: 'yes' } }), true);
    expect(q.tryPop()?.info.labels).toEqual({ fixed: 'yes' });
  });

  it('flushes pods unschedulable for longer than the limit', () => {
    let now = 0;
    const q = new SchedulingQueue({ initialBackoffMs: 0, maxUnschedulableMs: 1000, eventsOf: () => [], now: () => now });
    q.add(pod('p'));
    const popped = q.tryPop();
    if (popped === undefined) throw new Error('nothing queued');
    q.requeueUnschedulable(popped, new Set(['X']));
    q.flushLeftover();
    expect(q.tryPop()).toBeUndefined();
    now = 1000;
    q.flushLeftover();
    expect(q.tryPop()?.info.name).toBe('p');
  });
});
