import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isRecord } from '../../core/api/types/meta.ts';
import { authHeaders, apiClient, requestJson } from './support/api-client.ts';
import { startControlPlane } from './support/control-plane-process.ts';
import { Deadline, waitUntil } from './support/deadline.ts';
import { summarize } from './support/percentiles.ts';
import { progress } from './support/progress.ts';
import { loadAverage1m } from './support/server-usage.ts';
import { collectionVersion, nameOf, openWatch } from './support/watch-stream.ts';

const PLAN = {
  pods: 20,
  /** pods created one after another at this pace, as Kubernetes' density test paces its creates */
  createIntervalMs: 250,
  image: 'kubernel/busybox:1.35',
  totalMs: 240_000,
  nodeTimeoutMs: 60_000,
  runningTimeoutMs: 120_000,
} as const;

const NAMESPACE = 'bench';

function podJson(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { bench: 'pod-startup' } },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'app', image: PLAN.image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
    },
  });
}

function isRunning(object: Record<string, unknown>): boolean {
  const status = object['status'];
  if (!isRecord(status) || status['phase'] !== 'Running') return false;
  const statuses = Array.isArray(status['containerStatuses']) ? status['containerStatuses'].filter(isRecord) : [];
  return statuses.length > 0 && statuses.every((s) => isRecord(s['state']) && isRecord(s['state']['running']));
}

/**
 * `pod-startup`: 20 pods of the locally built busybox image on a local node
 * whose agent runs them in Docker, created at 4 pods/s; each pod's latency is
 * from its create request to the watch event that shows it Running with every
 * container started (Kubernetes' pod startup SLO, images already present).
 * Target: p99 ≤ 1.5 s.
 */
export async function run(): Promise<Record<string, unknown>> {
  const deadline = new Deadline(PLAN.totalMs);
  const loadAvg1mAtStart = loadAverage1m();
  const pool = `bench${randomBytes(3).toString('hex')}`;
  const plane = await startControlPlane({
    extraConfig: `nodePools:\n  - name: ${pool}\n    provider: local\n    options: { runtime: docker }\n`,
  });
  const client = apiClient(plane);
  const createdAt = new Map<string, number>();
  const latencies = new Map<string, number>();
  try {
    progress(`pod-startup: waiting for node ${pool}-0`);
    let nodeReady = false;
    const poll = setInterval(() => {
      void requestJson(client, { method: 'GET', path: `/api/v1/nodes/${pool}-0`, headers: authHeaders(plane, false) })
        .then((node) => {
          const conditions = isRecord(node['status']) && Array.isArray(node['status']['conditions']) ? node['status']['conditions'].filter(isRecord) : [];
          nodeReady = conditions.some((c) => c['type'] === 'Ready' && c['status'] === 'True');
        })
        .catch(() => undefined);
    }, 200);
    const ready = await waitUntil(() => nodeReady, { timeoutMs: deadline.budget(PLAN.nodeTimeoutMs) });
    clearInterval(poll);
    if (!ready) throw new Error(`node ${pool}-0 did not become Ready`);
    await requestJson(client, { method: 'POST', path: '/api/v1/namespaces', headers: authHeaders(plane, true), body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }) });
    const podsPath = `/api/v1/namespaces/${NAMESPACE}/pods`;
    const watch = await openWatch(plane, {
      path: podsPath,
      resourceVersion: await collectionVersion(plane, client, podsPath),
      onEvent: (event) => {
        const name = nameOf(event.object);
        const start = createdAt.get(name);
        if (start !== undefined && !latencies.has(name) && isRunning(event.object)) latencies.set(name, event.arrivedAt - start);
      },
    });
    try {
      progress(`pod-startup: creating ${PLAN.pods} pods at ${1000 / PLAN.createIntervalMs}/s`);
      for (let i = 0; i < PLAN.pods; i++) {
        const name = `startup-${i}`;
        const began = performance.now();
        createdAt.set(name, began);
        await requestJson(client, { method: 'POST', path: podsPath, headers: authHeaders(plane, true), body: podJson(name) });
        const wait = PLAN.createIntervalMs - (performance.now() - began);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      await waitUntil(() => latencies.size === PLAN.pods, { timeoutMs: deadline.budget(PLAN.runningTimeoutMs), describe: () => `pod-startup: ${latencies.size}/${PLAN.pods} Running` });
    } finally {
      await watch.close();
    }
    const summary = summarize([...latencies.values()]);
    return {
      pods: PLAN.pods,
      podsPerSecond: 1000 / PLAN.createIntervalMs,
      runtime: 'docker',
      running: latencies.size,
      complete: latencies.size === PLAN.pods,
      p50Ms: Math.round(summary.p50),
      p99Ms: Math.round(summary.p99),
      maxMs: Math.round(summary.max),
      loadAvg1mAtStart,
      loadAvg1mAtEnd: loadAverage1m(),
    };
  } finally {
    await client.close();
    await plane.stop();
    await removeBenchContainers(`${pool}-0`);
  }
}

/** The bench's pods keep running after the control plane stops (as a node's would): remove them. */
async function removeBenchContainers(node: string): Promise<void> {
  const { default: Docker } = await import('dockerode');
  const docker = new Docker();
  const containers = await docker.listContainers({ all: true, filters: { label: [`kubernel.dev/node=${node}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}
