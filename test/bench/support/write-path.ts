// The builtin registry's CSR kind loads @peculiar/x509, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KubeObject } from '../../../core/api/types/meta.ts';
import { benchLease, benchPod, boundPodStatus } from './write-path-objects.ts';

const PLAN = { podsPerRound: 3_000, leases: 500, concurrency: 32 } as const;
const NAMESPACE = 'bench';
const LEASE_NAMESPACE = 'kube-node-lease';

export const WRITE_PHASES = ['podCreate', 'binding', 'podStatus', 'leaseRenew', 'podDelete'] as const;
export type WritePhase = (typeof WRITE_PHASES)[number];

/** One checkout's admission pipeline and SQLite store, in this process. */
export interface WritePath {
  readonly podsPerRound: number;
  /** µs of this process's CPU per write of `phase` in round `round` (each round writes its own pods) */
  run(phase: WritePhase, round: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Loads the write path of the checkout at `root` (this one or another, such
 * as a git worktree of an earlier commit with its own node_modules) onto a
 * fresh SQLite file. Two checkouts' modules are separate module instances,
 * so both can run in one process. Their APIs are taken to be this one's.
 */
export async function openWritePath(root: string): Promise<WritePath> {
  const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(root, file)).href)) as T;
  const { builtinRegistry } = await load<typeof import('../../../core/api/builtin/index.ts')>('core/api/builtin/index.ts');
  const { Resources } = await load<typeof import('../../../core/client/resources.ts')>('core/client/resources.ts');
  const { createApiContext } = await load<typeof import('../../../core/server/api-server.ts')>('core/server/api-server.ts');
  const { InProcessClient } = await load<typeof import('../../../core/server/in-process-client.ts')>('core/server/in-process-client.ts');
  const { ObjectStore } = await load<typeof import('../../../core/store/object-store.ts')>('core/store/object-store.ts');
  const { SqliteBackend } = await load<typeof import('../../../core/store/sqlite-backend.ts')>('core/store/sqlite-backend.ts');
  const { WatchCache } = await load<typeof import('../../../core/store/watch-cache.ts')>('core/store/watch-cache.ts');

  const dir = await mkdtemp(join(tmpdir(), 'kubernel-bench-writes-'));
  const backend = new SqliteBackend({ path: join(dir, 'kubernel.db') });
  await backend.open();
  const store = new ObjectStore(backend);
  const watchCache = new WatchCache(backend, store);
  await watchCache.start();
  const api = createApiContext({ registry: builtinRegistry(), store, watchCache });
  const admin = new InProcessClient(api, 'kubectl');
  const scheduler = new InProcessClient(api, 'kube-scheduler');
  const kubelet = new InProcessClient(api, 'kubelet');
  for (const name of [NAMESPACE, LEASE_NAMESPACE]) await admin.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const watches = await watchLikeTheControlPlane(admin, Resources);
  const leases = new Map<number, KubeObject>();
  for (let i = 0; i < PLAN.leases; i++) leases.set(i, await kubelet.create(Resources.leases, benchLease(i, new Date()), { fieldManager: 'kubelet' }));
  const pods = new Map<number, KubeObject>();
  const name = (round: number, i: number): string => `p-${round * PLAN.podsPerRound + i}`;

  const phases: Record<WritePhase, (round: number) => Promise<number>> = {
    podCreate: (round) => cpuPerOp(async (i) => void pods.set(i, await admin.create(Resources.pods, benchPod(NAMESPACE, name(round, i)), { fieldManager: 'kubectl' }))),
    binding: (round) => cpuPerOp((i) => scheduler.createSubresource(Resources.pods, NAMESPACE, name(round, i), 'binding', binding(name(round, i), `node-${i % 50}`))),
    podStatus: async (round) => {
      // The kubelet writes over the bound pod it was sent; reading them is not part of the measure.
      for (let i = 0; i < PLAN.podsPerRound; i++) pods.set(i, await admin.get(Resources.pods, NAMESPACE, name(round, i)));
      return cpuPerOp((i) => kubelet.update(Resources.pods, boundPodStatus(requireValue(pods.get(i)), i, new Date()), { subresource: 'status', fieldManager: 'kubelet' }));
    },
    // A graceful delete as kubectl and the kubelet make it: marked with the default 30 s, then confirmed with 0.
    podDelete: (round) =>
      cpuPerOp(async (i) => {
        await admin.delete(Resources.pods, NAMESPACE, name(round, i));
        await kubelet.delete(Resources.pods, NAMESPACE, name(round, i), { gracePeriodSeconds: 0 });
      }),
    leaseRenew: () =>
      cpuPerOp(async (i) => {
        const key = i % PLAN.leases;
        const lease = requireValue(leases.get(key));
        // 32 renewals in flight over 500 Leases: never two of one Lease at once, as one kubelet renews its own.
        leases.set(key, await kubelet.update(Resources.leases, { ...lease, spec: { ...(lease['spec'] as object), renewTime: microTime(new Date(Date.now() + i)) } }, { fieldManager: 'kubelet' }));
      }),
  };
  return {
    podsPerRound: PLAN.podsPerRound,
    run: (phase, round) => phases[phase](round),
    close: async () => {
      for (const watch of watches) watch.close();
      watchCache.stop();
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The watches an all-in-one control plane holds on these kinds: informers
 * that look at every pod and Lease, and the scheduler's one for pods not
 * yet bound, whose selector needs each change's previous version too.
 */
async function watchLikeTheControlPlane(
  client: InstanceType<typeof import('../../../core/server/in-process-client.ts').InProcessClient>,
  resources: typeof import('../../../core/client/resources.ts').Resources,
): Promise<{ close(): void }[]> {
  // Each keeps what it is sent, as an informer's cache does: the objects stay on the heap.
  const cache = (): ((type: string, object: KubeObject) => void) => {
    const objects = new Map<string, KubeObject>();
    return (type, object) => {
      if (type === 'DELETED') objects.delete(object.metadata.name ?? '');
      else objects.set(object.metadata.name ?? '', object);
    };
  };
  const watches = [
    await client.watch(resources.pods, NAMESPACE, { resourceVersion: '' }, cache()),
    await client.watch(resources.pods, NAMESPACE, { resourceVersion: '', fieldSelector: 'spec.nodeName=' }, cache()),
    await client.watch(resources.leases, LEASE_NAMESPACE, { resourceVersion: '' }, cache()),
  ];
  return watches.map((watch) => ({ close: () => watch.close() }));
}

/** µs of this process's CPU per operation, `PLAN.podsPerRound` operations from `PLAN.concurrency` callers */
async function cpuPerOp(op: (i: number) => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < PLAN.podsPerRound; i = next++) await op(i);
  };
  await Promise.all(Array.from({ length: PLAN.concurrency }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / PLAN.podsPerRound;
}

function binding(pod: string, node: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod, namespace: NAMESPACE }, target: { apiVersion: 'v1', kind: 'Node', name: node } } as KubeObject;
}

function microTime(at: Date): string {
  return at.toISOString().replace('Z', '000Z');
}

function requireValue<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('writes: an object of an earlier phase is missing');
  return value;
}
