import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type KubeObject, type ResourceRef } from '../../core/index.ts';
import { eventually } from '../../test/e2e/support/eventually.ts';
import { LeaseHeartbeat } from './lease-heartbeat.ts';

/** Leases and nodes in a map, with every write recorded. */
function fakeClient(nodes: Set<string>): { client: ApiClient; leases: Map<string, KubeObject>; writes: string[]; updateTimes: Map<string, number[]> } {
  const leases = new Map<string, KubeObject>();
  const writes: string[] = [];
  /** performance.now() of each lease's updates */
  const updateTimes = new Map<string, number[]>();
  let revision = 0;
  const unsupported = (): never => {
    throw new Error('not used by the heartbeat');
  };
  const client: ApiClient = {
    get: async <T extends KubeObject>(resource: ResourceRef, _ns: string | undefined, name: string): Promise<T> => {
      const found = resource.plural === 'nodes' ? (nodes.has(name) ? { apiVersion: 'v1', kind: 'Node', metadata: { name } } : undefined) : leases.get(name);
      if (found === undefined) throw new ApiError('NotFound', `${resource.plural} "${name}" not found`);
      return structuredClone(found) as T;
    },
    create: async <T extends KubeObject>(_resource: ResourceRef, object: KubeObject): Promise<T> => {
      const name = object.metadata.name ?? '';
      if (leases.has(name)) throw new ApiError('AlreadyExists', `leases "${name}" already exists`);
      writes.push(`create ${name}`);
      const stored = { ...structuredClone(object), metadata: { ...object.metadata, resourceVersion: String(++revision) } };
      leases.set(name, stored);
      return structuredClone(stored) as T;
    },
    update: async <T extends KubeObject>(_resource: ResourceRef, object: KubeObject): Promise<T> => {
      const name = object.metadata.name ?? '';
      const current = leases.get(name);
      if (current === undefined) throw new ApiError('NotFound', `leases "${name}" not found`);
      if (current.metadata.resourceVersion !== object.metadata.resourceVersion) throw new ApiError('Conflict', 'the object has been modified');
      writes.push(`update ${name}`);
      updateTimes.set(name, [...(updateTimes.get(name) ?? []), performance.now()]);
      const stored = { ...structuredClone(object), metadata: { ...object.metadata, resourceVersion: String(++revision) } };
      leases.set(name, stored);
      return structuredClone(stored) as T;
    },
    list: unsupported,
    watch: unsupported,
    patch: unsupported,
    delete: unsupported,
    createSubresource: unsupported,
  };
  return { client, leases, writes, updateTimes };
}

const clock = { now: () => new Date() };
const logger = pino({ level: 'silent' });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let heartbeat: LeaseHeartbeat | undefined;

afterEach(() => heartbeat?.stop());

describe('LeaseHeartbeat', () => {
  it('writes a node lease at once, owned by the node, then renews it every interval', async () => {
    const { client, leases, writes } = fakeClient(new Set(['n1']));
    heartbeat = new LeaseHeartbeat(client, clock, logger, { tickMs: 10, onNodeGone: () => undefined });
    heartbeat.start();
    heartbeat.add('n1', 'uid-1', 100);
    const lease = await eventually(() => {
      const written = leases.get('n1');
      expect(written).toBeDefined();
      return written;
    }, 5_000, 5);
    expect(lease?.metadata).toMatchObject({ namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'uid-1' }] });
    expect(lease?.['spec']).toMatchObject({ holderIdentity: 'n1', leaseDurationSeconds: 1 });
    const first = String((lease?.['spec'] as Record<string, unknown>)['renewTime']);
    expect(first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await sleep(250);
    expect(writes.filter((w) => w === 'update n1').length).toBeGreaterThanOrEqual(1);
    expect(writes.filter((w) => w === 'update n1').length).toBeLessThanOrEqual(3);
    expect(String((leases.get('n1')?.['spec'] as Record<string, unknown>)['renewTime']) > first).toBe(true);
  });

  it('takes over a lease left by an earlier run', async () => {
    const { client, leases, writes } = fakeClient(new Set(['n1']));
    await client.create({ group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true }, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'n1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'n1', renewTime: '2020-01-01T00:00:00.000000Z' },
    });
    heartbeat = new LeaseHeartbeat(client, clock, logger, { tickMs: 10, onNodeGone: () => undefined });
    heartbeat.start();
    heartbeat.add('n1', 'uid-1', 60_000);
    await eventually(() => expect(writes).toEqual(['create n1', 'update n1']), 5_000, 5);
    expect((leases.get('n1')?.['spec'] as Record<string, unknown>)['renewTime']).not.toBe('2020-01-01T00:00:00.000000Z');
  });

  it('stops renewing a removed node', async () => {
    const { client, writes } = fakeClient(new Set(['n1']));
    heartbeat = new LeaseHeartbeat(client, clock, logger, { tickMs: 10, onNodeGone: () => undefined });
    heartbeat.start();
    heartbeat.add('n1', 'uid-1', 50);
    await sleep(20);
    heartbeat.remove('n1');
    const before = writes.length;
    await sleep(150);
    expect(writes.length).toBe(before);
    expect(heartbeat.size).toBe(0);
  });

  it('lets go of a node whose Node and Lease were deleted', async () => {
    const nodes = new Set(['n1']);
    const { client, leases } = fakeClient(nodes);
    const gone: string[] = [];
    heartbeat = new LeaseHeartbeat(client, clock, logger, { tickMs: 10, onNodeGone: (name) => gone.push(name) });
    heartbeat.start();
    heartbeat.add('n1', 'uid-1', 50);
    await sleep(20);
    nodes.delete('n1');
    leases.delete('n1');
    await eventually(() => expect(gone).toEqual(['n1']), 5_000, 5);
    expect(heartbeat.size).toBe(0);
  });

  it('writes the leases of many new nodes promptly even while renewals of slow intervals wait', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `n${i}`);
    const { client, leases } = fakeClient(new Set(names));
    heartbeat = new LeaseHeartbeat(client, clock, logger, { tickMs: 10, maxInFlight: 4, onNodeGone: () => undefined });
    heartbeat.start();
    for (const name of names.slice(0, 100)) heartbeat.add(name, name, 3_600_000);
    await sleep(50);
    for (const name of names.slice(100)) heartbeat.add(name, name, 3_600_000);
    await eventually(() => expect(leases.size).toBe(200), 5_000, 5);
  });

  it('spreads the renewals of nodes added at once over the interval, as kubelets started at random times renew', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `n${i}`);
    const { client, leases, updateTimes } = fakeClient(new Set(names));
    heartbeat = new LeaseHeartbeat(client, clock, logger, { tickMs: 5, maxInFlight: 64, onNodeGone: () => undefined });
    heartbeat.start();
    const added = performance.now();
    for (const name of names) heartbeat.add(name, name, 1_000);
    await eventually(() => expect(leases.size).toBe(200), 5_000, 5);
    await eventually(() => expect(updateTimes.size).toBe(200), 5_000, 10);
    const firstRenewals = [...updateTimes.values()].map((times) => (times[0] ?? 0) - added);
    // Renewing one interval after the first write would put all 200 in the same few milliseconds.
    expect(Math.max(...firstRenewals) - Math.min(...firstRenewals)).toBeGreaterThan(700);
    const perTenth = new Map<number, number>();
    for (const ms of firstRenewals) perTenth.set(Math.floor(ms / 100), (perTenth.get(Math.floor(ms / 100)) ?? 0) + 1);
    expect(Math.max(...perTenth.values())).toBeLessThan(60);
  });

  it('renews each lease an interval after its last renewal, never a slot earlier', async () => {
    const { client, updateTimes } = fakeClient(new Set(['n1']));
    heartbeat = new LeaseHeartbeat(client, clock, logger, { tickMs: 5, onNodeGone: () => undefined });
    heartbeat.start();
    heartbeat.add('n1', 'uid-1', 200);
    const times = await eventually(() => {
      const written = updateTimes.get('n1') ?? [];
      expect(written.length).toBeGreaterThanOrEqual(4);
      return written;
    }, 5_000, 10);
    for (let i = 2; i < times.length; i++) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
      // One 5 ms slot early at most (slots round down), and the timer's lateness on a busy machine.
      expect(gap).toBeGreaterThanOrEqual(195);
      expect(gap).toBeLessThan(300);
    }
  });
});
