import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from '../../core/api/selectors/label-selector.ts';
import { WatchCache } from '../../core/store/watch-cache.ts';
import { widget, widgetType } from '../fixtures/resource-types.ts';
import { WatchRecorder, type ObjectStoreHarness } from './object-store-harness.ts';
import { waitFor } from './wait-for.ts';

/** The watch half of the ObjectStore conformance suite; `h` is refilled before each test. */
export function describeWatchCacheConformance(h: ObjectStoreHarness): void {
  describe('watch', () => {
    it('from "" sends the existing objects as ADDED, then live changes in order', async () => {
      await h.store.create(widgetType, widget('a', 'default'));
      await h.store.create(widgetType, widget('b', 'default'));
      await h.store.create(widgetType, widget('elsewhere', 'other'));
      const recorder = new WatchRecorder();
      const handle = await h.cache.watch(widgetType, 'default', { resourceVersion: '' }, recorder);
      expect(await recorder.waitFor(2)).toEqual(['ADDED a', 'ADDED b']);
      const a = await h.store.get(widgetType, 'default', 'a');
      const updated = await h.store.update(widgetType, { ...a, data: { k: 'v' } });
      await h.store.create(widgetType, widget('c', 'default'));
      await h.store.create(widgetType, widget('ignored', 'other'));
      await h.store.delete(widgetType, 'default', 'b');
      expect(await recorder.waitFor(5)).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'ADDED c', 'DELETED b']);
      expect(recorder.sent[2]?.object).toEqual(updated);
      const deleted = recorder.sent[4]?.object;
      // A deleted object carries the resourceVersion of its deletion.
      expect(deleted?.metadata.resourceVersion).toBe(String(await h.backend.currentRevision()));
      handle.close();
    });

    it('from a resourceVersion replays the changes after it', async () => {
      const a = await h.store.create(widgetType, widget('a', 'default'));
      await h.store.create(widgetType, widget('b', 'default'));
      await h.store.update(widgetType, { ...a, data: { k: 'v' } });
      await h.store.delete(widgetType, 'default', 'b');
      const recorder = new WatchRecorder();
      const handle = await h.cache.watch(widgetType, undefined, { resourceVersion: a.metadata.resourceVersion }, recorder);
      expect(await recorder.waitFor(3)).toEqual(['ADDED b', 'MODIFIED a', 'DELETED b']);
      await h.store.create(widgetType, widget('c', 'default'));
      expect(await recorder.waitFor(4)).toEqual(['ADDED b', 'MODIFIED a', 'DELETED b', 'ADDED c']);
      handle.close();
    });

    it('with a label selector turns a change that stops matching into DELETED and one that starts matching into ADDED', async () => {
      const a = await h.store.create(widgetType, widget('a', 'default', { metadata: { labels: { app: 'web' } } }));
      const b = await h.store.create(widgetType, widget('b', 'default', { metadata: { labels: { app: 'db' } } }));
      const recorder = new WatchRecorder();
      const handle = await h.cache.watch(widgetType, 'default', { resourceVersion: '', labelSelector: parseLabelSelector('app=web') }, recorder);
      expect(await recorder.waitFor(1)).toEqual(['ADDED a']);
      const a2 = await h.store.update(widgetType, { ...a, data: { k: 'v' } });
      await h.store.update(widgetType, { ...a2, metadata: { ...a2.metadata, labels: { app: 'gone' } } });
      await h.store.update(widgetType, { ...b, metadata: { ...b.metadata, labels: { app: 'web' } } });
      await h.store.create(widgetType, widget('c', 'default', { metadata: { labels: { app: 'db' } } }));
      await h.store.delete(widgetType, 'default', 'a');
      await h.store.delete(widgetType, 'default', 'b');
      expect(await recorder.waitFor(5)).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a', 'ADDED b', 'DELETED b']);
      expect(recorder.sent[2]?.object.metadata.labels).toEqual({ app: 'gone' });
      handle.close();
    });

    it('stops sending after close', async () => {
      const recorder = new WatchRecorder();
      const handle = await h.cache.watch(widgetType, 'default', { resourceVersion: '' }, recorder);
      await h.store.create(widgetType, widget('a', 'default'));
      await recorder.waitFor(1);
      handle.close();
      await h.store.create(widgetType, widget('b', 'default'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(recorder.summary()).toEqual(['ADDED a']);
    });

    it('fails with 410 Expired when resuming from before the window', async () => {
      const small = new WatchCache(h.backend, h.store, 2);
      await small.start();
      const first = await h.store.create(widgetType, widget('a', 'default'));
      for (const name of ['b', 'c', 'd', 'e', 'f']) await h.store.create(widgetType, widget(name, 'default'));
      await waitFor(() => small.revision === Number(first.metadata.resourceVersion) + 5, 'the small cache to catch up');
      const expired = new WatchRecorder();
      await small.watch(widgetType, 'default', { resourceVersion: first.metadata.resourceVersion }, expired);
      expect(expired.failures).toHaveLength(1);
      expect(expired.failures[0]).toMatchObject({ code: 410, reason: 'Expired' });
      // As kube-apiserver, the parenthesis names the oldest revision one can still resume from.
      const from = Number(first.metadata.resourceVersion);
      expect(expired.failures[0]?.message).toBe(`too old resource version: ${from} (${small.revision - 2})`);
      const recent = new WatchRecorder();
      await small.watch(widgetType, 'default', { resourceVersion: String(small.revision - 1) }, recent);
      expect(await recent.waitFor(1)).toEqual(['ADDED f']);
      small.stop();
    });

    it('rejects a malformed resourceVersion with 400', async () => {
      const recorder = new WatchRecorder();
      await h.cache.watch(widgetType, 'default', { resourceVersion: 'abc' }, recorder);
      expect(recorder.failures[0]).toMatchObject({ code: 400, reason: 'BadRequest' });
    });
  });
}
