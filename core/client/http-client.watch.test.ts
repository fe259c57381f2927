import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, WatchEventType } from '../api/types/meta.ts';
import { eventually } from '../../test/e2e/support/eventually.ts';
import type { ApiClient, WatchOptions } from './api-client.ts';
import { configMap as cm, startComparison, type Comparison } from './http-compare-clients.ts';
import { Resources, type ResourceRef } from './resources.ts';

/** Watches through the in-process and the HTTPS client against the same real control plane. */
let comparison: Comparison;
const both: Comparison['both'] = (scenario) => comparison.both(scenario);

beforeAll(async () => {
  // A small watch window, so that a watch from an old resourceVersion is 410 Expired.
  comparison = await startComparison('store:\n  backend: sqlite\n  watchCacheSize: 100\n');
});

afterAll(async () => {
  await comparison.stop();
});

/** A watch recording `TYPE name data` per event. */
async function record(c: ApiClient, resource: ResourceRef, namespace: string | undefined, options: WatchOptions) {
  const events: string[] = [];
  const onEvent = (type: WatchEventType, object: KubeObject): void => {
    events.push(`${type} ${object.metadata.name ?? ''}${object['data'] === undefined ? '' : ` ${JSON.stringify(object['data'])}`}`);
  };
  const watch = await c.watch(resource, namespace, options, onEvent);
  return { events, watch };
}

describe('watches of both API clients', () => {
  it('deliver ADDED, MODIFIED and DELETED in order, and close() ends them with undefined', async () => {
    const result = await both(async (c, ns) => {
      const list = await c.list(Resources.configMaps, ns);
      const { events, watch } = await record(c, Resources.configMaps, ns, { resourceVersion: list.metadata.resourceVersion ?? '', allowBookmarks: true });
      const created = await c.create(Resources.configMaps, cm(ns, 'w'));
      await c.update(Resources.configMaps, { ...created, data: { x: '2' } });
      await c.delete(Resources.configMaps, ns, 'w');
      await eventually(() => expect(events).toHaveLength(3));
      watch.close();
      return { events, done: (await watch.done) ?? 'undefined' };
    });
    expect(result).toEqual({ events: ['ADDED w {"x":"1"}', 'MODIFIED w {"x":"2"}', 'DELETED w {"x":"2"}'], done: 'undefined' });
  });

  it('from "" start with the current state; a selector turns leaving it into DELETED', async () => {
    const result = await both(async (c, ns) => {
      await c.create(Resources.configMaps, cm(ns, 'old', { keep: 'yes' }));
      await c.create(Resources.configMaps, cm(ns, 'other', { keep: 'no' }));
      const { events, watch } = await record(c, Resources.configMaps, ns, { resourceVersion: '', labelSelector: 'keep=yes' });
      const fresh = await c.create(Resources.configMaps, cm(ns, 'new', { keep: 'yes' }));
      await c.update(Resources.configMaps, { ...fresh, metadata: { ...fresh.metadata, labels: { keep: 'no' } } });
      await eventually(() => expect(events).toHaveLength(3));
      watch.close();
      await watch.done;
      return events;
    });
    expect(result).toEqual(['ADDED old {"x":"1"}', 'ADDED new {"x":"1"}', 'DELETED new {"x":"1"}']);
  });

  it('a cluster-scoped watch with a field selector', async () => {
    const result = await both(async (c, ns) => {
      const { events, watch } = await record(c, Resources.namespaces, undefined, { resourceVersion: '', fieldSelector: `metadata.name=${ns}` });
      await eventually(() => expect(events).toHaveLength(1));
      watch.close();
      return events;
    });
    expect(result).toEqual(['ADDED NS']);
  });

  it('a closed watch gets nothing more', async () => {
    const result = await both(async (c, ns) => {
      const list = await c.list(Resources.configMaps, ns);
      const options = { resourceVersion: list.metadata.resourceVersion ?? '' };
      const closed = await record(c, Resources.configMaps, ns, options);
      closed.watch.close();
      const done = await closed.watch.done;
      const open = await record(c, Resources.configMaps, ns, options);
      await c.create(Resources.configMaps, cm(ns, 'after'));
      // The open watch seeing the event means the closed one would have by now.
      await eventually(() => expect(open.events).toHaveLength(1));
      open.watch.close();
      return { closed: closed.events, open: open.events, done: done ?? 'undefined' };
    });
    expect(result).toEqual({ closed: [], open: ['ADDED after {"x":"1"}'], done: 'undefined' });
  });

  it('a watch from a resourceVersion out of the window ends with Expired', async () => {
    const client = comparison.cluster.plane.client;
    await client.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'filler' } });
    const old = (await client.list(Resources.configMaps, 'filler')).metadata.resourceVersion ?? '';
    // More changes than the window (100, trimmed past 125) holds.
    for (let i = 0; i < 140; i++) await client.create(Resources.configMaps, cm('filler', `f-${i}`));
    const result = await both(async (c, ns) => {
      const { events, watch } = await record(c, Resources.configMaps, ns, { resourceVersion: old });
      const done = await watch.done;
      return { events, expired: isApiError(done, 'Expired'), message: done?.message.startsWith(`too old resource version: ${old} (`) };
    });
    expect(result).toEqual({ events: [], expired: true, message: true });
  });

  it('a bad selector is refused when the watch starts, by both clients alike', async () => {
    const result = await both(async (c, ns) => {
      try {
        await record(c, Resources.configMaps, ns, { resourceVersion: '', labelSelector: 'a in (b' });
        return 'started';
      } catch (error) {
        return isApiError(error, 'BadRequest') ? 'BadRequest' : String(error);
      }
    });
    expect(result).toBe('BadRequest');
  });
});
