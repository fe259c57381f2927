import { performance } from 'node:perf_hooks';
import { apiClient, apiPool } from './support/api-client.ts';
import { createAll, createNamespace } from './support/create-objects.ts';
import { Deadline, secondsBetween, waitUntil } from './support/deadline.ts';
import { deploymentJson, namespaceJson } from './support/kube-objects.ts';
import { progress, round } from './support/progress.ts';
import { loadAverage1m, rssFigures, ServerCpu } from './support/server-usage.ts';
import { startSimulatedCluster, type SimulatedPool } from './support/simulated-cluster.ts';
import { isRecord } from '../../core/api/types/meta.ts';
import { collectionVersion, eventTypeIs, nameOf, openWatch } from './support/watch-stream.ts';

const PLAN = {
  classes: 5,
  nodesPerClass: 200,
  deployments: 100,
  replicas: 1_000,
  /** C1M packed 200 containers a host (1,000,000 on 5,000); 200 × 20m fills the 4 CPUs */
  node: { cpu: '4', memory: '32Gi', pods: 200 },
  requests: { cpu: '20m', memory: '15Mi' },
  createConcurrency: 10,
  totalMs: 570_000,
  nodesTimeoutMs: 120_000,
  teardownReserveMs: 30_000,
  timelineEveryMs: 10_000,
} as const;

const NAMESPACE = 'bench';
const CLASS_LABEL = 'bench.kubernel.dev/class';

/**
 * `c1m-lite`: HashiCorp's C1M at a hundredth of the scale, on one control
 * plane: 1,000 simulated nodes in 5 classes (a label each), then 100
 * Deployments of 1,000 replicas (20m CPU, 15 Mi), each selecting one class
 * with a nodeSelector. The Deployment and ReplicaSet controllers create the
 * 100,000 pods, the scheduler binds them, the simulated kubelets run them,
 * all in the server. Measured: from the first Deployment create until a
 * watch on bound pods has seen all 100,000. Target: ≥ 4,000 placements/s.
 */
export async function run(): Promise<Record<string, unknown>> {
  const deadline = new Deadline(PLAN.totalMs);
  const loadAvg1mAtStart = loadAverage1m();
  const pools: SimulatedPool[] = Array.from({ length: PLAN.classes }, (_, k) => ({
    name: `class-${k}`,
    count: PLAN.nodesPerClass,
    capacity: PLAN.node,
    labels: { [CLASS_LABEL]: `c${k}` },
  }));
  const cluster = await startSimulatedCluster({ pools }, deadline.budget(PLAN.nodesTimeoutMs));
  const { plane } = cluster;
  const expected = PLAN.deployments * PLAN.replicas;
  const figures: Record<string, unknown> = {
    nodes: PLAN.classes * PLAN.nodesPerClass,
    classes: PLAN.classes,
    deployments: PLAN.deployments,
    replicasEach: PLAN.replicas,
    nodesReadySec: cluster.nodesReadyAt === undefined ? null : secondsBetween(cluster.spawnedAt, cluster.nodesReadyAt),
  };
  const pool = apiPool(plane, PLAN.createConcurrency);
  const single = apiClient(plane);
  const watches: Awaited<ReturnType<typeof openWatch>>[] = [];
  let created = 0;
  const replicasByReplicaSet = new Map<string, number>();
  let bound = 0;
  let lastCreatedAt = 0;
  let lastBoundAt = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    if (cluster.nodesReadyAt === undefined) return { ...figures, complete: false, stoppedAt: 'nodes', ...(await rssFigures(plane.pid)), loadAvg1mAtStart, loadAvg1mAtEnd: loadAverage1m() };
    await createNamespace(plane, single, namespaceJson(NAMESPACE));
    const podsPath = `/api/v1/namespaces/${NAMESPACE}/pods`;
    const rv = await collectionVersion(plane, single, podsPath);
    // Bound pods are counted unparsed on a spec.nodeName!= watch (its ADDED events). Created pods are counted as the
    // ReplicaSets report them (status.replicas, which trails the creates by a status sync), on a watch of the 100
    // ReplicaSets: a watch on every pod would have the server serialise and encrypt three more events per pod for
    // that figure alone.
    watches.push(
      await openWatch(plane, {
        path: `/apis/apps/v1/namespaces/${NAMESPACE}/replicasets`,
        resourceVersion: await collectionVersion(plane, single, `/apis/apps/v1/namespaces/${NAMESPACE}/replicasets`),
        onEvent: (event) => {
          const name = nameOf(event.object);
          const replicas = statusReplicas(event.object);
          const before = replicasByReplicaSet.get(name) ?? 0;
          replicasByReplicaSet.set(name, replicas);
          created += replicas - before;
          if (replicas > before) lastCreatedAt = event.arrivedAt;
        },
      }),
      await openWatch(plane, {
        path: `${podsPath}?fieldSelector=${encodeURIComponent('spec.nodeName!=')}`,
        resourceVersion: rv,
        accept: (bytes, start, end, arrivedAt) => {
          if (eventTypeIs(bytes, start, end, 'ADDED')) {
            bound++;
            lastBoundAt = arrivedAt;
          }
          return false;
        },
      }),
    );
    const bodies = Array.from({ length: PLAN.deployments }, (_, i) =>
      deploymentJson({
        name: `d-${i}`,
        namespace: NAMESPACE,
        replicas: PLAN.replicas,
        requests: PLAN.requests,
        nodeSelector: { [CLASS_LABEL]: `c${i % PLAN.classes}` },
      }),
    );
    progress(`c1m-lite: creating ${PLAN.deployments} Deployments of ${PLAN.replicas} replicas`);
    const cpu = new ServerCpu(plane.pid);
    await cpu.start();
    const start = performance.now();
    const timeline: [number, number, number][] = [];
    timer = setInterval(() => timeline.push([round((performance.now() - start) / 1000), created, bound]), PLAN.timelineEveryMs);
    const creates = await createAll(plane, pool, `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`, bodies, {
      concurrency: PLAN.createConcurrency,
      timeLimitMs: deadline.budget(60_000),
    });
    figures['deploymentsCreatedSec'] = secondsBetween(start, performance.now());
    const target = creates.done * PLAN.replicas;
    const done = await waitUntil(() => bound >= target, {
      timeoutMs: Math.max(0, deadline.remainingMs() - PLAN.teardownReserveMs),
      pollMs: 50,
      describe: () => `c1m-lite: ${created} pods created, ${bound} bound of ${target} (${Math.round(bound / ((performance.now() - start) / 1000))}/s)`,
    });
    clearInterval(timer);
    const end = done ? lastBoundAt : performance.now();
    // The ReplicaSets' status trails their creates: give the last ones time to report, outside the measured time.
    if (done) await waitUntil(() => created >= target, { timeoutMs: Math.min(10_000, deadline.remainingMs() - PLAN.teardownReserveMs), pollMs: 50 });
    const elapsedSec = (end - start) / 1000;
    return {
      ...figures,
      complete: done && creates.done === PLAN.deployments,
      placements: bound,
      expectedPlacements: expected,
      seconds: round(elapsedSec),
      placementsPerSec: round(bound / elapsedSec),
      podsCreated: created,
      lastPodCreatedSec: created === 0 ? null : secondsBetween(start, lastCreatedAt),
      serverCpuUsPerPod: await cpu.usPerOp(bound),
      timeline,
      watchProblems: watches.reduce((sum, w) => sum + w.problems.length, 0),
      ...(await rssFigures(plane.pid)),
      loadAvg1mAtStart,
      loadAvg1mAtEnd: loadAverage1m(),
    };
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await Promise.all(watches.map((w) => w.close()));
    await Promise.all([pool.destroy().catch(() => undefined), single.destroy().catch(() => undefined)]);
    await plane.stop();
  }
}

/** a ReplicaSet's status.replicas: the pods it has made that are not terminating */
function statusReplicas(object: Record<string, unknown>): number {
  const status = object['status'];
  return isRecord(status) && typeof status['replicas'] === 'number' ? status['replicas'] : 0;
}
