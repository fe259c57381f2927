import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../api/builtin/index.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { bootstrapKubernetesService } from '../../cli/bootstrap.ts';
import { MemoryBackend } from '../../store/memory-backend.ts';
import { ObjectStore } from '../../store/object-store.ts';
import { ServiceAllocations } from './service-allocations.ts';
import { withServiceAllocation } from './service-storage.ts';

/** The default `kubernetes` Service, made at start-up as kube-apiserver's controller makes it. */

const registry = builtinRegistry();

function kind(group: string, name: string): ResourceType {
  const type = registry.byGroupKind(group, name);
  if (type === undefined) throw new Error(`no ${name}`);
  return type;
}

function setup(): { store: ObjectStore; allocations: ServiceAllocations } {
  const allocations = new ServiceAllocations({ clusterIPRange: '10.100.0.0/24', nodePortRange: '30000-32767' });
  return { store: withServiceAllocation(new ObjectStore(new MemoryBackend()), allocations), allocations };
}

const get = (store: ObjectStore, group: string, name: string): Promise<KubeObject> => store.get(kind(group, name), 'default', 'kubernetes');

describe('bootstrapKubernetesService', () => {
  it('makes the Service on the first address, its Endpoints and its EndpointSlice', async () => {
    const { store, allocations } = setup();
    await bootstrapKubernetesService(registry, store, { clusterIP: '10.100.0.1', address: '127.0.0.1', port: 6443 });
    expect(await get(store, '', 'Service')).toMatchObject({
      metadata: { labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: '10.100.0.1', clusterIPs: ['10.100.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    });
    expect(allocations.clusterIPs.has('10.100.0.1')).toBe(true);
    expect(await get(store, '', 'Endpoints')).toMatchObject({
      metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    });
    expect(await get(store, 'discovery.k8s.io', 'EndpointSlice')).toMatchObject({
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  });

  it('follows the API server to a new port, keeping the address', async () => {
    const { store } = setup();
    await bootstrapKubernetesService(registry, store, { clusterIP: '10.100.0.1', address: '127.0.0.1', port: 6443 });
    const before = await get(store, '', 'Service');
    await bootstrapKubernetesService(registry, store, { clusterIP: '10.100.0.1', address: '127.0.0.1', port: 7443 });
    const after = await get(store, '', 'Service');
    expect(after).toMatchObject({ spec: { clusterIP: '10.100.0.1', ports: [{ port: 443, targetPort: 7443 }] } });
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(await get(store, '', 'Endpoints')).toMatchObject({ subsets: [{ ports: [{ port: 7443 }] }] });
    expect(await get(store, 'discovery.k8s.io', 'EndpointSlice')).toMatchObject({ ports: [{ port: 7443 }] });
  });

  it('leaves objects that are right as they are', async () => {
    const { store } = setup();
    const endpoint = { clusterIP: '10.100.0.1', address: '127.0.0.1', port: 6443 };
    await bootstrapKubernetesService(registry, store, endpoint);
    const version = (await get(store, '', 'Service')).metadata.resourceVersion;
    await bootstrapKubernetesService(registry, store, endpoint);
    expect((await get(store, '', 'Service')).metadata.resourceVersion).toBe(version);
  });

  it('is refused, as a user\'s Service would be, when its address is taken', async () => {
    const { store } = setup();
    const squatter = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'squatter', namespace: 'default' }, spec: { type: 'ClusterIP', clusterIP: '10.100.0.1', ports: [{ port: 80 }] } };
    await store.create(kind('', 'Service'), squatter);
    await expect(bootstrapKubernetesService(registry, store, { clusterIP: '10.100.0.1', address: '127.0.0.1', port: 6443 })).rejects.toMatchObject({ code: 'Invalid' });
  });
});
