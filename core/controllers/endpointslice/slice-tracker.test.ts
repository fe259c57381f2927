import { describe, expect, it } from 'vitest';
import { EndpointSliceTracker } from './slice-tracker.ts';

const slice = (uid: string, generation: number, service = 'web') => ({
  metadata: { namespace: 'default', uid, generation, labels: { 'kubernetes.io/service-name': service } },
});

describe('EndpointSliceTracker.staleSlices', () => {
  it.each([
    { what: 'nothing tracked', track: [], deleted: [], cache: [slice('a', 1)], stale: false },
    { what: 'the cache has our generation', track: [slice('a', 2)], deleted: [], cache: [slice('a', 2)], stale: false },
    { what: 'the cache has an older generation', track: [slice('a', 2)], deleted: [], cache: [slice('a', 1)], stale: true },
    { what: 'the cache lacks a slice we created', track: [slice('a', 1)], deleted: [], cache: [], stale: true },
    { what: 'the cache still has a slice we deleted', track: [], deleted: [slice('a', 1)], cache: [slice('a', 1)], stale: true },
    { what: 'a slice we deleted is gone', track: [], deleted: [slice('a', 1)], cache: [], stale: false },
    { what: 'someone else wrote a newer generation', track: [slice('a', 1)], deleted: [], cache: [slice('a', 3)], stale: false },
  ])('$what: stale $stale', ({ track, deleted, cache, stale }) => {
    const tracker = new EndpointSliceTracker();
    for (const s of track) tracker.update(s);
    for (const s of deleted) tracker.expectDeletion(s);
    expect(tracker.staleSlices('default/web', cache)).toBe(stale);
  });
});

describe('EndpointSliceTracker and slice events', () => {
  it('tells our own writes from changes made by others', () => {
    const tracker = new EndpointSliceTracker();
    expect(tracker.shouldSync(slice('a', 1))).toBe(true);
    tracker.update(slice('a', 1));
    expect(tracker.shouldSync(slice('a', 1))).toBe(false);
    expect(tracker.shouldSync(slice('a', 2))).toBe(true);
  });

  it('needs no sync after a deletion it expected, and one after a deletion it did not', () => {
    const tracker = new EndpointSliceTracker();
    tracker.update(slice('a', 1));
    tracker.update(slice('b', 1));
    tracker.expectDeletion(slice('a', 1));
    expect(tracker.handleDeletion(slice('a', 1))).toBe(true);
    expect(tracker.handleDeletion(slice('b', 1))).toBe(false);
    expect(tracker.has(slice('b', 1))).toBe(false);
  });

  it('forgets a deleted Service', () => {
    const tracker = new EndpointSliceTracker();
    tracker.update(slice('a', 1));
    tracker.deleteService('default/web');
    expect(tracker.staleSlices('default/web', [])).toBe(false);
  });
});
