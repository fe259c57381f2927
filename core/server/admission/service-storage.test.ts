import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { builtinRegistry } from '../../api/builtin/index.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { MemoryBackend } from '../../store/memory-backend.ts';
import { ObjectStore } from '../../store/object-store.ts';
import { ServiceAllocations } from './service-allocations.ts';
import { withServiceAllocation } from './service-storage.ts';

const registry = builtinRegistry();

function kind(name: string): ResourceType {
  const type = registry.byGroupKind('', name);
  if (type === undefined) throw new Error(`no ${name}`);
  return type;
}

const services = kind('Service');
const ranges = { clusterIPRange: '10.96.0.0/24', nodePortRange: '30000-30099' };

function service(name: string, spec: Record<string, unknown> = { type: 'ClusterIP', ports: [{ port: 80 }] }, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', ...extra }, spec };
}

function field(obj: KubeObject, name: string): unknown {
  const spec = obj['spec'];
  return isRecord(spec) ? spec[name] : undefined;
}

/** `current` with its spec changed as an update would change it */
function withSpec(current: KubeObject, changes: Record<string, unknown>): KubeObject {
  const spec = isRecord(current['spec']) ? current['spec'] : {};
  return { ...current, spec: { ...spec, ...changes } };
}

function setup(raw = new ObjectStore(new MemoryBackend())): { raw: ObjectStore; store: ObjectStore; allocations: ServiceAllocations } {
  const allocations = new ServiceAllocations(ranges);
  return { raw, store: withServiceAllocation(raw, allocations), allocations };
}

describe('withServiceAllocation', () => {
  it('never gives two concurrent creates the same address or node port', async () => {
    const { store } = setup();
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.create(services, service(`s${i}`, { type: 'NodePort', ports: [{ port: 80 }] }))),
    );
    const ips = created.map((svc) => field(svc, 'clusterIP'));
    const ports = created.map((svc) => JSON.stringify(field(svc, 'ports')));
    expect(new Set(ips).size).toBe(30);
    expect(new Set(ports).size).toBe(30);
  });

  it('gives back what a failed create allocated', async () => {
    const { store, allocations } = setup();
    await store.create(services, service('web'));
    await expect(store.create(services, service('web'))).rejects.toMatchObject({ code: 'AlreadyExists' });
    expect(allocations.clusterIPs.used).toBe(1);
    expect(field(await store.create(services, service('api')), 'clusterIP')).toBe('10.96.0.3');
  });

  it('answers a dry run with an address it does not keep', async () => {
    const { store, allocations } = setup();
    const dry = await store.create(services, service('web', { type: 'NodePort', ports: [{ port: 80 }] }), { dryRun: true });
    expect(field(dry, 'clusterIP')).toBe('10.96.0.2');
    expect([allocations.clusterIPs.used, allocations.nodePorts.used]).toEqual([0, 0]);
  });

  it('frees the address of a deleted Service, and keeps it on a dry-run delete', async () => {
    const { store, allocations } = setup();
    await store.create(services, service('web'));
    await store.delete(services, 'default', 'web', { dryRun: true });
    expect(allocations.clusterIPs.has('10.96.0.2')).toBe(true);
    await store.delete(services, 'default', 'web');
    expect(allocations.clusterIPs.used).toBe(0);
    expect(field(await store.create(services, service('again')), 'clusterIP')).toBe('10.96.0.2');
  });

  it('frees the address when removing the last finalizer deletes the Service', async () => {
    const { store, allocations } = setup();
    await store.create(services, service('web', { type: 'ClusterIP', ports: [{ port: 80 }] }, { finalizers: ['example.com/hold'] }));
    const marked = await store.delete(services, 'default', 'web');
    expect(marked.deleted).toBe(false);
    expect(allocations.clusterIPs.used).toBe(1);
    await store.guaranteedUpdate(services, 'default', 'web', (current) => ({ ...current, metadata: { ...current.metadata, finalizers: [] } }));
    expect(allocations.clusterIPs.used).toBe(0);
  });

  it('starts from the stored Services: after a restart nothing is handed out twice', async () => {
    const first = setup();
    await first.store.create(services, service('a'));
    await first.store.create(services, service('b', { type: 'NodePort', ports: [{ port: 80 }] }));
    const second = setup(first.raw);
    const next = await second.store.create(services, service('c', { type: 'NodePort', ports: [{ port: 80 }] }));
    expect([field(next, 'clusterIP'), field(next, 'ports')]).toEqual(['10.96.0.4', [{ port: 80, nodePort: 30001 }]]);
  });

  it('releases node ports once a NodePort Service turned ClusterIP is written', async () => {
    const { store, allocations } = setup();
    await store.create(services, service('web', { type: 'NodePort', ports: [{ port: 80 }] }));
    await store.guaranteedUpdate(services, 'default', 'web', (current) => withSpec(current, { type: 'ClusterIP', ports: [{ port: 80 }] }));
    expect(allocations.nodePorts.used).toBe(0);
    expect(allocations.clusterIPs.used).toBe(1);
  });

  it('gives back what an update attempt allocated when it lost the race and retried', async () => {
    const { raw, store, allocations } = setup();
    await store.create(services, service('web'));
    let attempts = 0;
    const updated = await store.guaranteedUpdate(services, 'default', 'web', async (current) => {
      attempts++;
      // Someone else writes the Service between our read and our write, once.
      if (attempts === 1) await raw.guaranteedUpdate(services, 'default', 'web', (c) => ({ ...c, metadata: { ...c.metadata, labels: { x: 'y' } } }));
      return withSpec(current, { type: 'NodePort', ports: [{ port: 80 }] });
    });
    expect(attempts).toBe(2);
    expect(field(updated, 'ports')).toEqual([{ port: 80, nodePort: 30000 }]);
    expect(allocations.nodePorts.used).toBe(1);
  });

  it('gives back what a refused update allocated', async () => {
    const { store, allocations } = setup();
    await store.create(services, service('web'));
    await expect(
      store.guaranteedUpdate(services, 'default', 'web', (current) => {
        throw new ApiError('Conflict', `not now ${current.metadata.name ?? ''}`);
      }),
    ).rejects.toThrow(/not now web/);
    await store.guaranteedUpdate(services, 'default', 'web', (current) => withSpec(current, { type: 'NodePort', ports: [{ port: 80 }] }), { dryRun: true });
    expect(allocations.nodePorts.used).toBe(0);
  });

  it('leaves other kinds alone', async () => {
    const { store, allocations } = setup();
    const cm = await store.create(kind('ConfigMap'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: 'b' } });
    expect(cm['data']).toEqual({ a: 'b' });
    await store.update(kind('ConfigMap'), { ...cm, data: { a: 'c' } });
    await store.delete(kind('ConfigMap'), 'default', 'c');
    expect(allocations.clusterIPs.used).toBe(0);
  });
});
