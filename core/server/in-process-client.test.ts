import 'reflect-metadata';
import { describe, expect, it, vi } from 'vitest';
import { builtinRegistry } from '../api/builtin/index.ts';
import { Resources } from '../client/resources.ts';
import { MemoryBackend } from '../store/memory-backend.ts';
import { ObjectStore } from '../store/object-store.ts';
import { WatchCache, type WatchSink } from '../store/watch-cache.ts';
import { waitFor } from '../../test/conformance/wait-for.ts';
import { createApiContext } from './api-server.ts';
import { InProcessClient } from './in-process-client.ts';

const configMap = (name: string): { apiVersion: string; kind: string; metadata: { name: string; namespace: string } } => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
});

describe('InProcessClient', () => {
  it('holds a controller write back while the watch cache is far behind, until it has caught up', async () => {
    const registry = builtinRegistry();
    const backend = new MemoryBackend();
    const store = new ObjectStore(backend);
    const watchCache = new WatchCache(backend, store);
    await watchCache.start();
    const client = new InProcessClient(createApiContext({ registry, store, watchCache }), 'test-controller');
    await client.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const configMaps = registry.lookup('', 'v1', 'configmaps');
    if (configMaps === undefined) throw new Error('no configmaps in the registry');

    // Only the clock is faked: each delivery costs 0.1 ms of it, so delivery takes many turns of the event loop.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      let delivered = 0;
      const slow: WatchSink = {
        send: () => {
          delivered++;
          vi.advanceTimersByTime(0.1);
        },
        fail: () => undefined,
      };
      await watchCache.watch(configMaps, 'default', { resourceVersion: String(watchCache.revision) }, slow);
      const backlog = 5_000;
      // Written straight to the store, as HTTP clients' writes are: they do not wait.
      await Promise.all(Array.from({ length: backlog }, (_, i) => store.create(configMaps, configMap(`http-${i}`))));
      expect(watchCache.whenCaughtUp()).toBeDefined();

      await client.create(Resources.configMaps, configMap('from-a-controller'));
      // It was written only once no more than 1,000 events waited.
      expect(delivered).toBeGreaterThanOrEqual(backlog - 1_000);
      expect(delivered).toBeLessThan(backlog);
      await waitFor(() => delivered === backlog + 1, 'every event to be delivered');
      expect(watchCache.whenCaughtUp()).toBeUndefined();
    } finally {
      vi.useRealTimers();
      watchCache.stop();
    }
  });
});
