// The builtin registry's CSR kind loads @peculiar/x509, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../api/builtin/index.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { createApiContext } from '../api-server.ts';
import { InProcessClient } from '../in-process-client.ts';
import { MemoryBackend } from '../../store/memory-backend.ts';
import { ObjectStore } from '../../store/object-store.ts';
import { WatchCache } from '../../store/watch-cache.ts';

async function apiClient(): Promise<InProcessClient> {
  const backend = new MemoryBackend();
  const store = new ObjectStore(backend);
  const watchCache = new WatchCache(backend, store);
  await watchCache.start();
  const client = new InProcessClient(createApiContext({ registry: builtinRegistry(), store, watchCache }), 'kubelet');
  await client.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return client;
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
};

describe('a status write', () => {
  it('takes all but the status from the stored version, sharing it, and changes nothing of it', async () => {
    const client = await apiClient();
    const created = await client.create(Resources.pods, pod);
    const sent: KubeObject = {
      ...created,
      // A spec or label the client changed is not written through /status.
      metadata: { ...created.metadata, labels: { app: 'other' } },
      spec: { ...(created['spec'] as object), nodeName: 'elsewhere' },
      status: { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const written = await client.update(Resources.pods, sent, { subresource: 'status' });
    expect(written['spec']).toBe(created['spec']);
    expect(written.metadata.labels).toBe(created.metadata.labels);
    expect(written['status']).toMatchObject({ phase: 'Running', podIP: '10.0.0.5' });
    expect(created['status']).not.toMatchObject({ phase: 'Running' });
    expect(Number(written.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });
});
