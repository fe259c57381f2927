// The builtin registry's CSR kind loads @peculiar/x509, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRegistry } from '../../core/api/builtin/index.ts';
import type { KubeObject } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import { createApiContext } from '../../core/server/api-server.ts';
import { InProcessClient } from '../../core/server/in-process-client.ts';
import { ObjectStore } from '../../core/store/object-store.ts';
import { SqliteBackend } from '../../core/store/sqlite-backend.ts';
import { WatchCache } from '../../core/store/watch-cache.ts';
import { percentile } from './support/percentiles.ts';
import { progress, round } from './support/progress.ts';
import { loadAverage1m } from './support/server-usage.ts';
import { benchLease, benchPod, boundPodStatus } from './support/write-path-objects.ts';

const PLAN = { podsPerRound: 3_000, rounds: 5, leases: 500, concurrency: 32 } as const;
const NAMESPACE = 'bench';
const LEASE_NAMESPACE = 'kube-node-lease';

type Phase = 'podCreate' | 'binding' | 'podStatus' | 'leaseRenew';

/**
 * `writes`: the server's CPU per write on the paths a placed pod and a live
 * node cost, in process (no HTTP), through the admission pipeline into a
 * SQLite file: a pod create, its binding, the kubelet's status write, a
 * Lease renewal. Each round writes a fresh batch; the first round warms the
 * JIT and is left out, and each figure is the median of the others. A
 * regression in the write path shows here in a minute, where the workload
 * benchmarks blur it with everything else.
 */
export async function run(): Promise<Record<string, unknown>> {
  const loadAvg1mAtStart = loadAverage1m();
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
  const samples: Record<Phase, number[]> = { podCreate: [], binding: [], podStatus: [], leaseRenew: [] };
  try {
    for (const name of [NAMESPACE, LEASE_NAMESPACE]) await admin.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const leases = new Map<number, KubeObject>();
    for (let i = 0; i < PLAN.leases; i++) leases.set(i, await kubelet.create(Resources.leases, benchLease(i, new Date()), { fieldManager: 'kubelet' }));
    for (let round = 0; round < PLAN.rounds; round++) {
      const first = round * PLAN.podsPerRound;
      const name = (i: number): string => `p-${first + i}`;
      const pods = new Map<number, KubeObject>();
      const record = (phase: Phase, us: number): void => {
        if (round > 0) samples[phase].push(us);
      };
      record('podCreate', await cpuPerOp(async (i) => void pods.set(i, await admin.create(Resources.pods, benchPod(NAMESPACE, name(i)), { fieldManager: 'kubectl' }))));
      record('binding', await cpuPerOp((i) => scheduler.createSubresource(Resources.pods, NAMESPACE, name(i), 'binding', binding(name(i), `node-${i % 50}`))));
      // The kubelet writes over the bound pod it was sent; reading them is not part of the measure.
      for (let i = 0; i < PLAN.podsPerRound; i++) pods.set(i, await admin.get(Resources.pods, NAMESPACE, name(i)));
      record('podStatus', await cpuPerOp((i) => kubelet.update(Resources.pods, boundPodStatus(requireValue(pods.get(i)), i, new Date()), { subresource: 'status', fieldManager: 'kubelet' })));
      record('leaseRenew', await cpuPerOp(async (i) => {
        const key = i % PLAN.leases;
        const lease = requireValue(leases.get(key));
        // 32 renewals in flight over 500 Leases: never two of one Lease at once, as one kubelet renews its own.
        leases.set(key, await kubelet.update(Resources.leases, { ...lease, spec: { ...(lease['spec'] as object), renewTime: microTime(new Date(Date.now() + i)) } }, { fieldManager: 'kubelet' }));
      }));
      progress(`writes: round ${round + 1} of ${PLAN.rounds}`);
    }
  } finally {
    watchCache.stop();
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  }
  const figures: Record<string, unknown> = { podsPerRound: PLAN.podsPerRound, roundsMeasured: PLAN.rounds - 1 };
  for (const [phase, values] of Object.entries(samples)) figures[`${phase}CpuUs`] = round(percentile(values, 50));
  return { ...figures, loadAvg1mAtStart, loadAvg1mAtEnd: loadAverage1m() };
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
