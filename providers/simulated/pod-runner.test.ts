import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient, DeleteOptions, KubeObject, ResourceRef, WatchEventType } from '../../core/index.ts';
import { addressingFor, PodAddressPool } from './addresses.ts';
import type { ManagedNode } from './managed-node.ts';
import { poolSettings, simulatedOptionsSchema } from './options.ts';
import { PodRunner } from './pod-runner.ts';

/** Pods in a list and a watch the test drives; writes are recorded and answered like the API would. */
function fakeApi(initial: KubeObject[]) {
  let emit: (type: WatchEventType, obj: KubeObject) => void = () => undefined;
  const updates: KubeObject[] = [];
  const deletes: { name: string; options: DeleteOptions | undefined }[] = [];
  let revision = 100;
  const unsupported = (): never => {
    throw new Error('not used by the pod runner');
  };
  const client: ApiClient = {
    list: async () => ({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '100' }, items: structuredClone(initial) }) as never,
    watch: async (_r: ResourceRef, _ns, _o, onEvent) => {
      emit = onEvent;
      return { done: new Promise(() => undefined), close: () => undefined };
    },
    update: async <T extends KubeObject>(_r: ResourceRef, object: KubeObject): Promise<T> => {
      updates.push(structuredClone(object));
      return { ...object, metadata: { ...object.metadata, resourceVersion: String(++revision) } } as T;
    },
    delete: async (_r: ResourceRef, _ns, name: string, options?: DeleteOptions) => {
      deletes.push({ name, options });
      return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
    },
    get: unsupported,
    create: unsupported,
    patch: unsupported,
    createSubresource: unsupported,
  };
  return { client, updates, deletes, emit: (type: WatchEventType, obj: KubeObject) => emit(type, obj) };
}

function pod(name: string, nodeName: string, extra: Partial<KubeObject['metadata']> = {}, status: Record<string, unknown> = { phase: 'Pending' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', ...extra },
    spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] },
    status,
  };
}

function node(name: string, index: number, podStartupMs = 0): ManagedNode {
  const addressing = addressingFor(index);
  return { name, uid: `uid-${name}`, settings: poolSettings('sim', simulatedOptionsSchema.parse({ podStartupMs })), addressing, podAddresses: new PodAddressPool(addressing.podCidr) };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

let runner: PodRunner | undefined;
afterEach(async () => runner?.stop());

describe('PodRunner', () => {
  it('runs the pods bound to its nodes and leaves the others alone', async () => {
    const api = fakeApi([pod('mine', 'sim-0'), pod('theirs', 'real-node')]);
    const nodes = new Map<string, ManagedNode>();
    runner = new PodRunner(api.client, { now: () => new Date() }, pino({ level: 'silent' }), (n) => nodes.get(n));
    await runner.start();
    // As the fleet does: the pod cache has synced before a node becomes ours.
    const ours = node('sim-0', 0);
    nodes.set('sim-0', ours);
    runner.nodeAdded(ours);
    await until(() => api.updates.length === 1);
    const written = api.updates[0] as KubeObject;
    expect(written.metadata).toEqual({ name: 'mine', namespace: 'default', uid: 'uid-mine', resourceVersion: '7' });
    expect(written['status']).toMatchObject({ phase: 'Running', podIP: '10.0.0.2', hostIP: '172.16.0.2' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(api.updates).toHaveLength(1);
  });

  it('keeps the address of a pod that already runs when it takes a node over', async () => {
    const runningStatus = { phase: 'Running', podIP: '10.0.1.2', containerStatuses: [{ name: 'c' }], conditions: [{ type: 'ContainersReady', status: 'True' }, { type: 'Ready', status: 'True' }] };
    const api = fakeApi([pod('old', 'sim-1', {}, runningStatus), pod('new', 'sim-1')]);
    const nodes = new Map<string, ManagedNode>();
    runner = new PodRunner(api.client, { now: () => new Date() }, pino({ level: 'silent' }), (n) => nodes.get(n));
    await runner.start();
    const taken = node('sim-1', 1);
    nodes.set('sim-1', taken);
    runner.nodeAdded(taken);
    await until(() => api.updates.length === 1);
    expect(api.updates[0]?.metadata.name).toBe('new');
    expect(api.updates[0]?.['status']).toMatchObject({ podIP: '10.0.1.3' });
  });

  it('confirms a graceful deletion with an immediate delete of that very pod', async () => {
    const api = fakeApi([]);
    const nodes = new Map([['sim-0', node('sim-0', 0)]]);
    runner = new PodRunner(api.client, { now: () => new Date() }, pino({ level: 'silent' }), (n) => nodes.get(n));
    await runner.start();
    api.emit('ADDED', pod('going', 'sim-0', { deletionTimestamp: '2025-01-01T00:00:30Z', deletionGracePeriodSeconds: 30, resourceVersion: '101' }));
    await until(() => api.deletes.length === 1);
    expect(api.deletes[0]).toEqual({ name: 'going', options: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-going' } } });
    expect(api.updates).toHaveLength(0);
  });

  it('sends the final delete once: the grace-0 mark that precedes the pod going needs none', async () => {
    const api = fakeApi([]);
    const nodes = new Map([['sim-0', node('sim-0', 0)]]);
    runner = new PodRunner(api.client, { now: () => new Date() }, pino({ level: 'silent' }), (n) => nodes.get(n));
    await runner.start();
    api.emit('ADDED', pod('going', 'sim-0', { deletionTimestamp: '2025-01-01T00:00:30Z', deletionGracePeriodSeconds: 30, resourceVersion: '101' }));
    await until(() => api.deletes.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // What the API server writes before it removes the pod.
    api.emit('MODIFIED', pod('going', 'sim-0', { deletionTimestamp: '2025-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, resourceVersion: '102' }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(api.deletes).toHaveLength(1);
    api.emit('DELETED', pod('going', 'sim-0', { deletionTimestamp: '2025-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, resourceVersion: '103' }));
    // Same name, new pod: its own deletion is confirmed again.
    api.emit('ADDED', pod('going', 'sim-0', { uid: 'uid-going-2', deletionTimestamp: '2025-01-01T00:01:00Z', deletionGracePeriodSeconds: 30, resourceVersion: '104' }));
    await until(() => api.deletes.length === 2);
    expect(api.deletes[1]?.options).toEqual({ gracePeriodSeconds: 0, preconditions: { uid: 'uid-going-2' } });
  });

  it('marks a pod ready after its pool startup delay', async () => {
    const api = fakeApi([]);
    const nodes = new Map([['sim-0', node('sim-0', 0, 80)]]);
    runner = new PodRunner(api.client, { now: () => new Date() }, pino({ level: 'silent' }), (n) => nodes.get(n));
    await runner.start();
    api.emit('ADDED', pod('slow', 'sim-0', { resourceVersion: '101' }));
    await until(() => api.updates.length === 1);
    const started = Date.now();
    const first = api.updates[0] as KubeObject;
    expect(first['status']).toMatchObject({ phase: 'Running', containerStatuses: [{ ready: false }] });
    api.emit('MODIFIED', { ...first, spec: pod('slow', 'sim-0')['spec'], metadata: { ...first.metadata, resourceVersion: '102' } });
    await until(() => api.updates.length === 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(api.updates[1]?.['status']).toMatchObject({ containerStatuses: [{ ready: true }] });
    expect(api.updates[1]?.metadata.resourceVersion).toBe('102');
  });
});
