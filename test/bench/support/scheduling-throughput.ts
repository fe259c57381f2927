import { performance } from 'node:perf_hooks';
import { apiClient, apiPool } from './api-client.ts';
import { createAll, createNamespace } from './create-objects.ts';
import { Deadline, secondsBetween, waitUntil } from './deadline.ts';
import { namespaceJson, podJson } from './kube-objects.ts';
import { summarize } from './percentiles.ts';
import { progress, round } from './progress.ts';
import { figure, loadAverage1m, rssFigures, ServerCpu } from './server-usage.ts';
import { startSimulatedCluster } from './simulated-cluster.ts';
import { collectionVersion, eventTypeIs, nameOf, openWatch } from './watch-stream.ts';

export interface SchedulingPlan {
  /** for progress lines */
  bench: string;
  nodes: number;
  /** placed before the measured phase, not measured (scheduler_perf's initPods) */
  initPods: number;
  pods: number;
  /** create requests in flight at once */
  concurrency: number;
  /** the whole run, from the spawn to the figures */
  totalMs: number;
}

const NAMESPACE = 'bench';
const PODS_PATH = `/api/v1/namespaces/${NAMESPACE}/pods`;
/** kube-scheduler's scheduler_perf node template and pod-default.yaml */
const NODE_CAPACITY = { cpu: '4', memory: '32Gi', pods: 110 };
const POD_REQUESTS = { cpu: '100m', memory: '500Mi' };
/** kept for stopping the server and its 5,000 nodes after the measured phase */
const TEARDOWN_RESERVE_MS = 30_000;
/** the steady phase: pods created between these shares of the measured creates */
const STEADY_FROM = 0.1;
const STEADY_TO = 0.9;

/**
 * scheduler_perf's SchedulingBasic over the real API server: simulated nodes,
 * `initPods` pods placed first, then `pods` pods created through the HTTPS API
 * by a closed loop of clients while the control plane's own scheduler binds
 * them through `pods/binding` into SQLite. A watch on bound pods
 * (`spec.nodeName!=`, where a binding shows as ADDED) times each pod from
 * just before its create was sent to its binding arriving.
 */
export async function measureScheduling(plan: SchedulingPlan): Promise<Record<string, unknown>> {
  const deadline = new Deadline(plan.totalMs);
  const loadAvg1mAtStart = loadAverage1m();
  const cluster = await startSimulatedCluster({ pools: [{ name: 'sim', count: plan.nodes, capacity: NODE_CAPACITY }] }, deadline.budget(300_000));
  const { plane } = cluster;
  const base = {
    nodes: plan.nodes,
    initPods: plan.initPods,
    pods: plan.pods,
    createConcurrency: plan.concurrency,
    nodesReadySec: cluster.nodesReadyAt === undefined ? null : secondsBetween(cluster.spawnedAt, cluster.nodesReadyAt),
  };
  const pool = apiPool(plane, plan.concurrency);
  const single = apiClient(plane);
  const sentAt = new Float64Array(plan.pods).fill(Number.NaN);
  const boundAt = new Float64Array(plan.pods).fill(Number.NaN);
  let bound = 0;
  let initBound = 0;
  let watch: Awaited<ReturnType<typeof openWatch>> | undefined;
  try {
    if (cluster.nodesReadyAt === undefined) {
      return { ...base, complete: false, stoppedAt: 'nodes', readyNodes: cluster.readyNodes, ...(await rssFigures(plane.pid)), loadAvg1mAtStart, loadAvg1mAtEnd: loadAverage1m() };
    }
    await createNamespace(plane, single, namespaceJson(NAMESPACE));
    const rv = await collectionVersion(plane, single, PODS_PATH);
    watch = await openWatch(plane, {
      path: `${PODS_PATH}?fieldSelector=${encodeURIComponent('spec.nodeName!=')}`,
      resourceVersion: rv,
      accept: (bytes, start, end) => eventTypeIs(bytes, start, end, 'ADDED'),
      onEvent: ({ object, arrivedAt }) => {
        const name = nameOf(object);
        if (name.startsWith('init-')) {
          initBound++;
          return;
        }
        const index = Number(name.slice(2));
        if (name.startsWith('p-') && Number.isInteger(index) && Number.isNaN(boundAt[index] ?? 0)) {
          boundAt[index] = arrivedAt;
          bound++;
        }
      },
    });

    progress(`${plan.bench}: placing ${plan.initPods} pods first (not measured)`);
    const initBodies = Array.from({ length: plan.initPods }, (_, i) => podJson({ name: `init-${i}`, namespace: NAMESPACE, requests: POD_REQUESTS }));
    await createAll(plane, pool, PODS_PATH, initBodies, { concurrency: plan.concurrency, timeLimitMs: deadline.budget(120_000) });
    const initDone = await waitUntil(() => initBound >= plan.initPods, {
      timeoutMs: deadline.budget(120_000),
      describe: () => `${plan.bench}: ${initBound} of ${plan.initPods} initial pods bound`,
    });
    if (!initDone) {
      return { ...base, complete: false, stoppedAt: 'initPods', initPodsBound: initBound, ...(await rssFigures(plane.pid)), loadAvg1mAtStart, loadAvg1mAtEnd: loadAverage1m() };
    }

    const bodies = Array.from({ length: plan.pods }, (_, i) => podJson({ name: `p-${i}`, namespace: NAMESPACE, requests: POD_REQUESTS }));
    progress(`${plan.bench}: creating ${plan.pods} pods at ${plan.concurrency} concurrent (measured)`);
    const cpu = new ServerCpu(plane.pid);
    await cpu.start();
    const creates = await createAll(plane, pool, PODS_PATH, bodies, {
      concurrency: plan.concurrency,
      timeLimitMs: Math.max(0, deadline.remainingMs() - TEARDOWN_RESERVE_MS),
      onSent: (index, at) => {
        sentAt[index] = at;
      },
    });
    const created = creates.done;
    progress(`${plan.bench}: ${created} pods created at ${Math.round(creates.perSec)}/s; ${bound} bound so far`);
    await waitUntil(() => bound >= created, {
      timeoutMs: Math.max(0, deadline.remainingMs() - TEARDOWN_RESERVE_MS),
      describe: () => `${plan.bench}: ${bound} of ${created} pods bound`,
    });
    const cpuUsPerPod = await cpu.usPerOp(bound);
    return {
      ...base,
      complete: created === plan.pods && bound === plan.pods,
      ...throughputFigures(sentAt, boundAt, created),
      createsPerSec: round(creates.perSec),
      serverCpuUsPerPod: cpuUsPerPod,
      watchProblems: watch.problems.length,
      ...(await rssFigures(plane.pid)),
      loadAvg1mAtStart,
      loadAvg1mAtEnd: loadAverage1m(),
    };
  } finally {
    await watch?.close();
    await Promise.all([pool.destroy().catch(() => undefined), single.destroy().catch(() => undefined)]);
    await plane.stop();
  }
}

/**
 * Pods/s from the first create sent to the last binding seen, and the
 * create-to-bound latencies overall and in the steady phase (the pods created
 * between 10% and 90% of the creates, away from the ramp up and the drain).
 */
export function throughputFigures(sentAt: Float64Array, boundAt: Float64Array, created: number): Record<string, number | null> {
  const latencies: number[] = [];
  const steady: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let bound = 0;
  for (let i = 0; i < created; i++) {
    const sent = sentAt[i] ?? Number.NaN;
    const at = boundAt[i] ?? Number.NaN;
    if (sent < first) first = sent;
    if (Number.isNaN(at) || Number.isNaN(sent)) continue;
    bound++;
    if (at > last) last = at;
    latencies.push(at - sent);
    if (i >= created * STEADY_FROM && i < created * STEADY_TO) steady.push(at - sent);
  }
  const all = summarize(latencies);
  const steadySummary = summarize(steady);
  const elapsedMs = last - first;
  return {
    bound,
    measuredSec: bound === 0 ? null : round(elapsedMs / 1000),
    podsPerSec: bound === 0 || elapsedMs <= 0 ? null : round((bound * 1000) / elapsedMs),
    p50Ms: figure(all.p50),
    p99Ms: figure(all.p99),
    maxMs: figure(all.max),
    steadyP50Ms: figure(steadySummary.p50),
    steadyP99Ms: figure(steadySummary.p99),
  };
}
