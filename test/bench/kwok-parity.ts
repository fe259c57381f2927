import { performance } from 'node:perf_hooks';
import { apiClient, apiPool, authHeaders } from './support/api-client.ts';
import { createAll, createNamespace } from './support/create-objects.ts';
import { Deadline, secondsBetween, waitUntil } from './support/deadline.ts';
import { namespaceJson, podJson } from './support/kube-objects.ts';
import { progress } from './support/progress.ts';
import { loadAverage1m, rssFigures, ServerCpu } from './support/server-usage.ts';
import { startSimulatedCluster } from './support/simulated-cluster.ts';
import { collectionVersion, eventTypeIs, openWatch } from './support/watch-stream.ts';

const PLAN = {
  nodes: 5_000,
  pods: 10_000,
  concurrency: 32,
  totalMs: 540_000,
  /** each step's limit; kwok's CI gate is 60 s a step, the target here 10 s */
  nodesTimeoutMs: 180_000,
  stepTimeoutMs: 120_000,
} as const;

const NAMESPACE = 'bench';
const PODS_PATH = `/api/v1/namespaces/${NAMESPACE}/pods`;

/**
 * `kwok-parity`: kwok's CI benchmark steps against the simulated provider.
 * 1. 5,000 simulated nodes to Ready: from the spawn of `kubernel up` (whose
 *    node pool registers them) until a node watch has seen all 5,000 Ready;
 * 2. 10,000 pods created through the API already bound (`spec.nodeName`) to
 *    Running: from the first create until a `status.phase=Running` watch has
 *    seen all of them turn Running;
 * 3. delete all 10,000 (one deletecollection; the simulated kubelets confirm
 *    each graceful deletion): until the same watch has seen all 10,000 gone.
 * Targets: each step ≤ 10 s, RSS ≤ 1.5 GiB.
 */
export async function run(): Promise<Record<string, unknown>> {
  const deadline = new Deadline(PLAN.totalMs);
  const loadAvg1mAtStart = loadAverage1m();
  const cluster = await startSimulatedCluster({ pools: [{ name: 'sim', count: PLAN.nodes }] }, deadline.budget(PLAN.nodesTimeoutMs));
  const { plane } = cluster;
  const figures: Record<string, unknown> = {
    nodes: PLAN.nodes,
    pods: PLAN.pods,
    serverStartSec: secondsBetween(cluster.spawnedAt, cluster.readyzAt),
    nodesReadySec: cluster.nodesReadyAt === undefined ? null : secondsBetween(cluster.spawnedAt, cluster.nodesReadyAt),
    nodesReady: cluster.readyNodes,
  };
  const pool = apiPool(plane, PLAN.concurrency);
  const single = apiClient(plane);
  let running = 0;
  let deleted = 0;
  /** when the latest pod turned Running, or went, as its event arrived */
  let lastRunningAt = 0;
  let lastDeletedAt = 0;
  let watch: Awaited<ReturnType<typeof openWatch>> | undefined;
  const finish = async (complete: boolean, stoppedAt?: string): Promise<Record<string, unknown>> => ({
    ...figures,
    complete,
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
    watchProblems: watch?.problems.length ?? 0,
    ...(await rssFigures(plane.pid)),
    loadAvg1mAtStart,
    loadAvg1mAtEnd: loadAverage1m(),
  });
  try {
    if (cluster.nodesReadyAt === undefined) return await finish(false, 'nodes');
    await createNamespace(plane, single, namespaceJson(NAMESPACE));
    const rv = await collectionVersion(plane, single, PODS_PATH);
    // A pod entering phase Running arrives as ADDED; removed while Running, as DELETED. Counted unparsed.
    watch = await openWatch(plane, {
      path: `${PODS_PATH}?fieldSelector=${encodeURIComponent('status.phase=Running')}`,
      resourceVersion: rv,
      accept: (bytes, start, end, arrivedAt) => {
        if (eventTypeIs(bytes, start, end, 'ADDED')) {
          running++;
          lastRunningAt = arrivedAt;
        } else if (eventTypeIs(bytes, start, end, 'DELETED')) {
          deleted++;
          lastDeletedAt = arrivedAt;
        }
        return false;
      },
    });

    const bodies = Array.from({ length: PLAN.pods }, (_, i) =>
      podJson({ name: `p-${i}`, namespace: NAMESPACE, requests: { cpu: '100m', memory: '500Mi' }, nodeName: `sim-${i % PLAN.nodes}` }),
    );
    progress(`kwok-parity: creating ${PLAN.pods} pods bound to the nodes`);
    const cpu = new ServerCpu(plane.pid);
    await cpu.start();
    const createStart = performance.now();
    const creates = await createAll(plane, pool, PODS_PATH, bodies, { concurrency: PLAN.concurrency, timeLimitMs: deadline.budget(PLAN.stepTimeoutMs) });
    figures['podsCreated'] = creates.done;
    figures['createSec'] = secondsBetween(createStart, performance.now());
    const allRunning = await waitUntil(() => running >= creates.done, {
      timeoutMs: deadline.budget(PLAN.stepTimeoutMs - (performance.now() - createStart)),
      describe: () => `kwok-parity: ${running} of ${creates.done} pods Running`,
    });
    figures['podsRunning'] = running;
    figures['podsRunningSec'] = secondsBetween(createStart, allRunning ? lastRunningAt : performance.now());
    figures['serverCpuUsPerPodRun'] = await cpu.usPerOp(running);
    if (!allRunning || creates.done < PLAN.pods) return await finish(false, 'running');

    progress(`kwok-parity: deleting all ${PLAN.pods} pods`);
    await cpu.start();
    const deleteStart = performance.now();
    const response = await single.request({ method: 'DELETE', path: PODS_PATH, headers: authHeaders(plane, false), headersTimeout: PLAN.stepTimeoutMs, bodyTimeout: PLAN.stepTimeoutMs });
    // The answer lists every pod deleted: read it through, unparsed.
    for await (const chunk of response.body) void chunk;
    if (response.statusCode !== 200) throw new Error(`DELETE ${PODS_PATH}: got ${response.statusCode}`);
    figures['deleteRequestSec'] = secondsBetween(deleteStart, performance.now());
    const allGone = await waitUntil(() => deleted >= PLAN.pods, {
      timeoutMs: deadline.budget(PLAN.stepTimeoutMs - (performance.now() - deleteStart)),
      describe: () => `kwok-parity: ${deleted} of ${PLAN.pods} pods gone`,
    });
    figures['podsDeleted'] = deleted;
    figures['podsDeletedSec'] = secondsBetween(deleteStart, allGone ? lastDeletedAt : performance.now());
    figures['serverCpuUsPerPodDelete'] = await cpu.usPerOp(deleted);
    return await finish(allGone);
  } finally {
    await watch?.close();
    await Promise.all([pool.destroy().catch(() => undefined), single.destroy().catch(() => undefined)]);
    await plane.stop();
  }
}
