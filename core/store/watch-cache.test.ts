import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResourceType } from '../api/resource-type.ts';
import { parseLabelSelector } from '../api/selectors/label-selector.ts';
import type { KubeObject, WatchEventType } from '../api/types/meta.ts';
import { clusterWidgetType, widget, widgetType } from '../../test/fixtures/resource-types.ts';
import { WatchRecorder } from '../../test/conformance/object-store-harness.ts';
import { waitFor } from '../../test/conformance/wait-for.ts';
import { objectKey } from './keys.ts';
import { MemoryBackend } from './memory-backend.ts';
import { ObjectStore } from './object-store.ts';
import { CachedEvent, WatchCache, type WatchHandle, type WatchSink } from './watch-cache.ts';

const namespaceType: ResourceType = { ...clusterWidgetType, group: '', kind: 'Namespace', plural: 'namespaces' };

describe('WatchCache', () => {
  let backend: MemoryBackend;
  let store: ObjectStore;
  let cache: WatchCache;

  beforeEach(async () => {
    backend = new MemoryBackend();
    store = new ObjectStore(backend);
    cache = new WatchCache(backend, store);
    await cache.start();
  });

  afterEach(async () => {
    cache.stop();
    await backend.close();
  });

  describe('fan-out', () => {
    it('answers the write before delivering, then reaches every watcher in order, slice by slice', async () => {
      const recorders = Array.from({ length: 200 }, () => new WatchRecorder());
      for (const recorder of recorders) await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, recorder);
      await store.create(widgetType, widget('a', 'default'));
      expect(recorders.every((r) => r.sent.length === 0)).toBe(true);
      await store.create(widgetType, widget('b', 'default'));
      await waitFor(() => recorders.every((r) => r.sent.length === 2), 'every watcher to get both events');
      expect(new Set(recorders.map((r) => r.summary().join()))).toEqual(new Set(['ADDED a,ADDED b']));
    });

    it('promises in a bookmark only what the watch has been sent', async () => {
      const recorders = Array.from({ length: 100 }, () => new WatchRecorder());
      const handles: WatchHandle[] = [];
      const start = cache.revision;
      for (const recorder of recorders) handles.push(await cache.watch(widgetType, 'default', { resourceVersion: String(start) }, recorder));
      const elsewhere = await cache.watch(widgetType, 'other', { resourceVersion: String(start) }, new WatchRecorder());
      const created = await store.create(widgetType, widget('a', 'default'));
      const revision = Number(created.metadata.resourceVersion);
      expect(handles[99]?.bookmarkRevision()).toBe(start);
      expect(elsewhere.bookmarkRevision()).toBe(revision);
      await waitFor(() => recorders[99]?.sent.length === 1, 'the last watcher to get the event');
      expect(handles.map((h) => h.bookmarkRevision())).toEqual(handles.map(() => revision));
    });

    it('sends nothing to a watch closed after the event arrived but before its turn', async () => {
      const handles: WatchHandle[] = [];
      const recorders = Array.from({ length: 150 }, () => new WatchRecorder());
      const closer: WatchSink = {
        send: () => handles[149]?.close(),
        fail: () => undefined,
      };
      handles.push(await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, closer));
      for (const recorder of recorders) handles.push(await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, recorder));
      await store.create(widgetType, widget('a', 'default'));
      await waitFor(() => recorders.slice(0, 148).every((r) => r.sent.length === 1), 'the open watches to get the event');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(recorders[148]?.sent).toEqual([]);
      expect(recorders[147]?.summary()).toEqual(['ADDED a']);
    });

    it('ends only the watch whose sink throws', async () => {
      const failures: string[] = [];
      const throwing: WatchSink = {
        send: () => {
          throw new Error('sink broke');
        },
        fail: (status) => failures.push(`${status.code} ${status.message}`),
      };
      const healthy = new WatchRecorder();
      await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, throwing);
      await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, healthy);
      await store.create(widgetType, widget('a', 'default'));
      await store.create(widgetType, widget('b', 'default'));
      expect(await healthy.waitFor(2)).toEqual(['ADDED a', 'ADDED b']);
      expect(failures).toEqual(['500 sink broke']);
      expect(cache.watcherCount).toBe(1);
    });

    it('gives delivery longer turns while a backlog waits, so that watchers catch up with the writes', async () => {
      // Only the clock is faked: each delivery costs 0.1 ms of it, the event loop's turns stay real.
      vi.useFakeTimers({ toFake: ['performance'] });
      try {
        let turn = 0;
        const turnOf: number[] = [];
        const costly: WatchSink = {
          send: () => {
            turnOf.push(turn);
            vi.advanceTimersByTime(0.1);
          },
          fail: () => undefined,
        };
        await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, costly);
        // A competing writer, one step every turn, as in-process controllers are.
        const writes = 2_000;
        let stepping = true;
        const step = (): void => {
          turn++;
          if (stepping) setImmediate(step);
        };
        setImmediate(step);
        await Promise.all(Array.from({ length: writes }, (_, i) => store.create(widgetType, widget(`w${i}`, 'default'))));
        await waitFor(() => turnOf.length === writes, 'every event to be delivered');
        stepping = false;
        const deliveredIn = new Map<number, number>();
        for (const t of turnOf) deliveredIn.set(t, (deliveredIn.get(t) ?? 0) + 1);
        const perTurn = [...deliveredIn.values()];
        // 25 ms turns (about 256 deliveries) until no more than 1,000 events wait, then 3 ms ones (about 32).
        expect(perTurn[0]).toBeGreaterThan(200);
        expect(perTurn.slice(-5).every((delivered) => delivered < 50)).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });

    it('sends a change that leaves a selector as DELETED to a filtered watch, as MODIFIED to an unfiltered one', async () => {
      const a = await store.create(widgetType, widget('a', 'default', { metadata: { labels: { app: 'web' } } }));
      const filtered = new WatchRecorder();
      const all = new WatchRecorder();
      const rv = String(cache.revision);
      await cache.watch(widgetType, 'default', { resourceVersion: rv, labelSelector: parseLabelSelector('app=web') }, filtered);
      await cache.watch(widgetType, 'default', { resourceVersion: rv }, all);
      await store.update(widgetType, { ...a, metadata: { ...a.metadata, labels: { app: 'db' } } });
      expect(await filtered.waitFor(1)).toEqual(['DELETED a']);
      expect(await all.waitFor(1)).toEqual(['MODIFIED a']);
    });
  });

  describe('versions kept parsed for watchers', () => {
    const held = (name: string, written: KubeObject): KubeObject | undefined =>
      store.parsed.lookup(objectKey(widgetType, 'default', name), Number(written.metadata.resourceVersion));

    it('keeps a written version for the informers only while someone watches its resource', async () => {
      const a = await store.create(widgetType, widget('a', 'default'));
      expect(held('a', a)).toBeUndefined();
      // A watch of one namespace, with a selector, still counts for the whole resource.
      const watch = await cache.watch(widgetType, 'other', { resourceVersion: String(cache.revision), labelSelector: parseLabelSelector('app=web') }, new WatchRecorder());
      const b = await store.create(widgetType, widget('b', 'default'));
      expect(held('b', b)).toBe(b);
      const updated = await store.update(widgetType, { ...b, metadata: { ...b.metadata, labels: { app: 'web' } } });
      expect(held('b', updated)).toBe(updated);
      watch.close();
      watch.close();
      const c = await store.create(widgetType, widget('c', 'default'));
      expect(held('c', c)).toBeUndefined();
    });
  });

  describe('namespace index', () => {
    it('answers namespace lookups from memory while it is current', async () => {
      await store.create(namespaceType, widget('ns', undefined, { metadata: { finalizers: ['keep'] } }));
      const reads = vi.spyOn(backend, 'get');
      expect(await store.namespacePhase(namespaceType, 'ns')).toBe('active');
      expect(await store.namespacePhase(namespaceType, 'missing')).toBe('absent');
      await store.delete(namespaceType, undefined, 'ns');
      reads.mockClear();
      expect(await store.namespacePhase(namespaceType, 'ns')).toBe('terminating');
      const marked = await store.get(namespaceType, undefined, 'ns');
      await store.update(namespaceType, { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
      reads.mockClear();
      expect(await store.namespacePhase(namespaceType, 'ns')).toBe('absent');
      expect(reads).not.toHaveBeenCalled();
    });

    it('knows the namespaces that existed before it started', async () => {
      const other = new WatchCache(backend, store);
      await store.create(namespaceType, widget('early', undefined));
      await other.start();
      const reads = vi.spyOn(backend, 'get');
      expect(await store.namespacePhase(namespaceType, 'early')).toBe('active');
      expect(reads).not.toHaveBeenCalled();
      other.stop();
    });

    it('reads the store once its feed has stopped or fallen behind', async () => {
      await store.create(namespaceType, widget('ns', undefined));
      const reads = vi.spyOn(backend, 'get');
      vi.spyOn(backend, 'currentRevision').mockResolvedValueOnce(cache.revision + 1);
      expect(await store.namespacePhase(namespaceType, 'ns')).toBe('active');
      expect(reads).toHaveBeenCalledTimes(1);
      cache.stop();
      expect(await store.namespacePhase(namespaceType, 'gone')).toBe('absent');
      expect(reads).toHaveBeenCalledTimes(2);
    });
  });
});

describe('WatchCache and ObjectStore: each version parsed once', () => {
  /** a store on a memory backend with its watch cache, for `use` */
  async function withCache(use: (backend: MemoryBackend, store: ObjectStore, cache: WatchCache) => Promise<void>): Promise<void> {
    const backend = new MemoryBackend();
    const store = new ObjectStore(backend);
    const cache = new WatchCache(backend, store);
    await cache.start();
    try {
      await use(backend, store, cache);
    } finally {
      cache.stop();
      await backend.close();
    }
  }

  /** a watch of the default namespace's widgets from now, keeping each event's previous version too */
  async function watchWithPrevious(cache: WatchCache): Promise<{ recorder: WatchRecorder; previous: (KubeObject | undefined)[] }> {
    const recorder = new WatchRecorder();
    const previous: (KubeObject | undefined)[] = [];
    const sink: WatchSink = {
      send: (type, event) => {
        recorder.send(type, event);
        previous.push(event.previous);
      },
      fail: (status) => recorder.fail(status),
    };
    await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, sink);
    return { recorder, previous };
  }

  it('shares each written version, unparsed, between its event, the update that replaces it and that update\'s event', () =>
    withCache(async (_backend, store, cache) => {
      const { recorder, previous } = await watchWithPrevious(cache);
      const parses = vi.spyOn(JSON, 'parse');
      const created = await store.create(widgetType, widget('a', 'default'));
      await recorder.waitFor(1);
      const updated = await store.guaranteedUpdate(widgetType, 'default', 'a', (current) => ({ ...current, spec: { size: 2 } }));
      await recorder.waitFor(2);
      const [createdEvent, modified] = recorder.sent.map((sent) => sent.object);
      // No parse at all: each event's object is what its write stored, and the update started from the created version.
      expect(parses).not.toHaveBeenCalled();
      parses.mockRestore();
      expect(createdEvent).toBe(created);
      expect(previous[1]).toBe(created);
      expect(modified).toBe(updated);
      expect(modified?.['spec']).toEqual({ size: 2 });
      // Shared means read-only: under test every shared version is frozen.
      expect(() => {
        updated['spec'] = { size: 9 };
      }).toThrow(TypeError);
      const unchanged = await store.guaranteedUpdate(widgetType, 'default', 'a', (current) => current);
      expect(unchanged).toBe(modified);
    }));

  it('sends a deleted object as its last parsed version with the deletion\'s revision, without parsing it again', () =>
    withCache(async (_backend, store, cache) => {
      const { recorder, previous } = await watchWithPrevious(cache);
      const created = await store.create(widgetType, widget('a', 'default'));
      await recorder.waitFor(1);
      const parses = vi.spyOn(JSON, 'parse');
      await store.delete(widgetType, 'default', 'a');
      await recorder.waitFor(2);
      const deleted = recorder.sent[1];
      expect(deleted?.type).toBe('DELETED');
      expect(previous[1]?.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      // The delete answers with the version the create stored; the event parses nothing either.
      expect(parses).not.toHaveBeenCalled();
      parses.mockRestore();
      expect(Number(deleted?.object.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      expect({ ...deleted?.object, metadata: { ...deleted?.object.metadata, resourceVersion: undefined } }).toEqual({
        ...recorder.sent[0]?.object,
        metadata: { ...recorder.sent[0]?.object.metadata, resourceVersion: undefined },
      });
    }));

  it('reads only the revision of a version it holds, and the stored text when another writer changed it', () =>
    withCache(async (backend, store, cache) => {
      // Written versions are held for a watched resource (an informer's).
      await cache.watch(widgetType, undefined, { resourceVersion: String(cache.revision) }, new WatchRecorder());
      await store.create(widgetType, widget('a', 'default'));
      const reads = vi.spyOn(backend, 'get');
      await store.guaranteedUpdate(widgetType, 'default', 'a', (current) => ({ ...current, spec: { size: 3 } }));
      expect(reads).not.toHaveBeenCalled();
      const key = '/registry/test.kubernel.io/widgets/default/a';
      const stored = await backend.get(key);
      reads.mockClear();
      await backend.update(key, stored?.value.replace('"size":3', '"size":4') ?? '', stored?.modRevision ?? 0);
      const updated = await store.guaranteedUpdate(widgetType, 'default', 'a', (current) => ({ ...current, metadata: { ...current.metadata, labels: { x: 'y' } } }));
      expect(reads).toHaveBeenCalledWith(key);
      expect(updated['spec']).toEqual({ size: 4 });
    }));

  it('parses a version written by someone else from its stored text', () =>
    withCache(async (backend, store, cache) => {
      const recorder = new WatchRecorder();
      await cache.watch(widgetType, 'default', { resourceVersion: String(cache.revision) }, recorder);
      const created = await store.create(widgetType, widget('a', 'default'));
      await recorder.waitFor(1);
      // Another writer of the same backend (a second control plane on etcd) changes it behind this store.
      const key = '/registry/test.kubernel.io/widgets/default/a';
      const stored = await backend.get(key);
      const text = JSON.stringify({ ...widget('a', 'default'), metadata: { ...created.metadata, resourceVersion: undefined }, spec: { size: 7 } });
      await backend.update(key, text, stored?.modRevision ?? 0);
      await recorder.waitFor(2);
      const updated = await store.guaranteedUpdate(widgetType, 'default', 'a', (current) => ({ ...current, metadata: { ...current.metadata, labels: { x: 'y' } } }));
      expect(updated['spec']).toEqual({ size: 7 });
      expect(updated.metadata.labels).toEqual({ x: 'y' });
    }));
});

describe('CachedEvent', () => {
  const key = '/registry/test.kubernel.io/widgets/default/a';

  it('parses the stored value only when someone asks for the object', () => {
    const event = CachedEvent.fromChange({ type: 'put', kv: { key, value: 'not json', createRevision: 3, modRevision: 3 }, prev: undefined, revision: 3 });
    expect(event.type).toBe('ADDED');
    expect(event.hasPrevious).toBe(false);
    expect(() => event.object).toThrow(SyntaxError);
  });

  it.each<[WatchEventType, string]>([
    ['ADDED', '{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"7"},"data":{"k":"v"}}}\n'],
    ['DELETED', '{"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"7"},"data":{"k":"v"}}}\n'],
  ])('builds the %s line once, the same bytes for every watcher', (type, line) => {
    const value = JSON.stringify({ metadata: { name: 'a' }, data: { k: 'v' } });
    const event = CachedEvent.fromChange({ type: 'put', kv: { key, value, createRevision: 7, modRevision: 7 }, prev: undefined, revision: 7 });
    expect(event.wireLine(type).toString()).toBe(line);
    expect(event.wireLine(type)).toBe(event.wireLine(type));
    event.release();
    expect(event.wireLine(type).toString()).toBe(line);
    // Another encoder's bytes are its own, and kept for it as well.
    const framed = (text: string): Buffer => Buffer.from(`[${text}]`);
    expect(event.wireLine(type, undefined, framed).toString()).toBe(`[${line}]`);
    expect(event.wireLine(type, undefined, framed)).toBe(event.wireLine(type, undefined, framed));
  });

  it('writes the line from the stored text when it starts with the kind\'s prefix, the same bytes as parsing would give, without parsing', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: '}"' } }, data: { k: 'v' } };
    const value = JSON.stringify(object);
    const parsed = CachedEvent.fromChange({ type: 'put', kv: { key, value, createRevision: 7, modRevision: 9 }, prev: undefined, revision: 9 });
    const expected = parsed.wireLine('MODIFIED').toString();
    const event = CachedEvent.fromChange({ type: 'put', kv: { key, value, createRevision: 7, modRevision: 9 }, prev: undefined, revision: 9 });
    const parses = vi.spyOn(JSON, 'parse');
    const line = event.wireLine('MODIFIED', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{').toString();
    expect(parses).not.toHaveBeenCalled();
    parses.mockRestore();
    expect(line).toBe(expected);
    expect(JSON.parse(line)).toEqual({ type: 'MODIFIED', object: { ...object, metadata: { ...object.metadata, resourceVersion: '9' } } });
    // Another shape (or another kind's prefix): parsed and serialised as before.
    const other = CachedEvent.fromChange({ type: 'put', kv: { key, value, createRevision: 7, modRevision: 9 }, prev: undefined, revision: 9 });
    expect(other.wireLine('MODIFIED', '{"apiVersion":"v1","kind":"Secret","metadata":{').toString()).toBe(expected);
  });

  it('gives a deleted object the revision of its deletion, and the previous one its own', () => {
    const value = JSON.stringify({ metadata: { name: 'a' } });
    const kv = { key, value, createRevision: 2, modRevision: 4 };
    const event = CachedEvent.fromChange({ type: 'delete', kv, prev: kv, revision: 5 });
    expect(event.type).toBe('DELETED');
    expect(event.object.metadata.resourceVersion).toBe('5');
    expect(event.previous?.metadata.resourceVersion).toBe('4');
  });
});
