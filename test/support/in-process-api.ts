// The builtin registry's CSR kind loads @peculiar/x509, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { builtinRegistry } from '../../core/api/builtin/index.ts';
import { Resources } from '../../core/client/resources.ts';
import { createApiContext } from '../../core/server/api-server.ts';
import { InProcessClient } from '../../core/server/in-process-client.ts';
import { MemoryBackend } from '../../core/store/memory-backend.ts';
import { ObjectStore } from '../../core/store/object-store.ts';
import { WatchCache } from '../../core/store/watch-cache.ts';

/** An in-process API client writing as `manager` to a memory store with its watch cache, with the `default` namespace. */
export async function inProcessApiClient(manager: string): Promise<InProcessClient> {
  const backend = new MemoryBackend();
  const store = new ObjectStore(backend);
  const watchCache = new WatchCache(backend, store);
  await watchCache.start();
  const client = new InProcessClient(createApiContext({ registry: builtinRegistry(), store, watchCache }), manager);
  await client.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return client;
}
