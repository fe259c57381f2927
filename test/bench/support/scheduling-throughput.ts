import { apiClient, apiPool } from './api-client.ts';
import { BindingTracker } from './binding-tracker.ts';
import type { ApiTarget } from './control-plane-process.ts';
import { createAll, createNamespace, createPaced } from './create-objects.ts';
import { Deadline, secondsBetween, waitUntil } from './deadline.ts';
import { namespaceJson, podJson } from './kube-objects.ts';
import type { LeanHttpsPool } from './lean-https.ts';
import { summarize } from './percentiles.ts';
import { progress, round } from './progress.ts';
import { figure, loadAverage1m, rssFigures, ServerCpu } from './server-usage.ts';
import { startSimulatedCluster } from './simulated-cluster.ts';
import { collectionVersion, eventTypeIs, openWatch } from './watch-stream.ts';

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
/** how long the server's CPU use with nodes but no pods is sampled */
const IDLE_SAMPLE_MS = 5_000;
/** the paced latency phase after the throughput phase */
const PACED = { shareOfMeasured: 0.5, minRate: 50, durationMs: 10_000, reserveMs: 20_000 } as const;
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
  const tracker = new BindingTracker();
  const init = tracker.track('init', plan.initPods);
  const measured = tracker.track('p', plan.pods);
  const partial = async (stoppedAt: string, extra: Record<string, unknown>): Promise<Record<string, unknown>> => ({
    ...base,
    complete: false,
    stoppedAt,
    ...extra,
    ...(await rssFigures(plane.pid)),
    loadAvg1mAtStart,
    loadAvg1mAtEnd: loadAverage1m(),
  });
  let watch: Awaited<ReturnType<typeof openWatch>> | undefined;
  let runningWatch: Awaited<ReturnType<typeof openWatch>> | undefined;
  // Pods the simulated kubelets report Running (ADDED on a status.phase=Running watch), counted unparsed.
  let running = 0;
  let lastRunningAt = 0;
  try {
    if (cluster.nodesReadyAt === undefined) return await partial('nodes', { readyNodes: cluster.readyNodes });
    await createNamespace(plane, single, namespaceJson(NAMESPACE));
    watch = await openWatch(plane, {
      path: `${PODS_PATH}?fieldSelector=${encodeURIComponent('spec.nodeName!=')}`,
      resourceVersion: await collectionVersion(plane, single, PODS_PATH),
      accept: (bytes, start, end) => eventTypeIs(bytes, start, end, 'ADDED'),
      onEvent: (event) => tracker.onEvent(event),
    });
    runningWatch = await openWatch(plane, {
      path: `${PODS_PATH}?fieldSelector=${encodeURIComponent('status.phase=Running')}`,
      resourceVersion: await collectionVersion(plane, single, PODS_PATH),
      accept: (bytes, start, end, arrivedAt) => {
        if (eventTypeIs(bytes, start, end, 'ADDED')) {
          running++;
          lastRunningAt = arrivedAt;
        }
        return false;
      },
    });

    // What the nodes alone cost (5,000 Lease renewals every 10 s, as kubelets do), before any pod.
    const idle = new ServerCpu(plane.pid);
    await idle.start();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
    const idleServerCpuPct = figure((((await idle.usedMs()) ?? Number.NaN) * 100) / IDLE_SAMPLE_MS);

    progress(`${plan.bench}: placing ${plan.initPods} pods first (not measured)`);
    const initBodies = Array.from({ length: plan.initPods }, (_, i) => podJson({ name: `init-${i}`, namespace: NAMESPACE, requests: POD_REQUESTS }));
    await createAll(plane, pool, PODS_PATH, initBodies, { concurrency: plan.concurrency, timeLimitMs: deadline.budget(120_000) });
    const initDone = await waitUntil(() => init.bound >= plan.initPods, {
      timeoutMs: deadline.budget(120_000),
      describe: () => `${plan.bench}: ${init.bound} of ${plan.initPods} initial pods bound`,
    });
    if (!initDone) return await partial('initPods', { initPodsBound: init.bound });

    const bodies = Array.from({ length: plan.pods }, (_, i) => podJson({ name: `p-${i}`, namespace: NAMESPACE, requests: POD_REQUESTS }));
    progress(`${plan.bench}: creating ${plan.pods} pods at ${plan.concurrency} concurrent (measured)`);
    const cpu = new ServerCpu(plane.pid);
    await cpu.start();
    const creates = await createAll(plane, pool, PODS_PATH, bodies, {
      concurrency: plan.concurrency,
      timeLimitMs: Math.max(0, deadline.remainingMs() - TEARDOWN_RESERVE_MS - PACED.reserveMs),
      onSent: (index, at) => {
        measured.sentAt[index] = at;
      },
    });
    const created = creates.done;
    progress(`${plan.bench}: ${created} pods created at ${Math.round(creates.perSec)}/s; ${measured.bound} bound so far`);
    await waitUntil(() => measured.bound >= created, {
      timeoutMs: Math.max(0, deadline.remainingMs() - TEARDOWN_RESERVE_MS - PACED.reserveMs),
      describe: () => `${plan.bench}: ${measured.bound} of ${created} pods bound`,
    });
    const cpuUsPerPod = await cpu.usPerOp(measured.bound);
    const throughput = throughputFigures(measured.sentAt, measured.boundAt, created);
    const complete = created === plan.pods && measured.bound === plan.pods;
    // The kubelets' status writes trail the bindings: the paced phase starts once every pod runs, on a quiet server.
    const allRunning = await waitUntil(() => running >= plan.initPods + created, {
      timeoutMs: Math.max(0, deadline.remainingMs() - TEARDOWN_RESERVE_MS - PACED.reserveMs),
      describe: () => `${plan.bench}: ${running} of ${plan.initPods + created} pods Running`,
    });
    const firstSent = measured.sentAt[0] ?? Number.NaN;
    const runningFigures = { running, allRunningSec: allRunning ? secondsBetween(firstSent, lastRunningAt) : null };
    const paced = complete && allRunning ? await pacedLatency(plan, plane, pool, tracker, throughput['podsPerSec'] ?? 0, deadline) : {};
    return {
      ...base,
      complete,
      ...throughput,
      createsPerSec: round(creates.perSec),
      idleServerCpuPct,
      serverCpuUsPerPod: cpuUsPerPod,
      ...runningFigures,
      ...paced,
      watchProblems: watch.problems.length + (runningWatch?.problems.length ?? 0),
      ...(await rssFigures(plane.pid)),
      loadAvg1mAtStart,
      loadAvg1mAtEnd: loadAverage1m(),
    };
  } finally {
    await watch?.close();
    await runningWatch?.close();
    await Promise.all([pool.destroy().catch(() => undefined), single.destroy().catch(() => undefined)]);
    await plane.stop();
  }
}

/**
 * Create-to-bound latency when the pods come no faster than the control
 * plane places them: after the throughput phase, pods are created at half
 * the rate it achieved, on a fixed schedule, for about 10 s.
 */
async function pacedLatency(
  plan: SchedulingPlan,
  plane: ApiTarget,
  pool: LeanHttpsPool,
  tracker: BindingTracker,
  measuredPodsPerSec: number,
  deadline: Deadline,
): Promise<Record<string, unknown>> {
  const rate = Math.max(PACED.minRate, Math.round(measuredPodsPerSec * PACED.shareOfMeasured));
  const count = Math.round(rate * (PACED.durationMs / 1000));
  const record = tracker.track('q', count);
  const bodies = Array.from({ length: count }, (_, i) => podJson({ name: `q-${i}`, namespace: NAMESPACE, requests: POD_REQUESTS }));
  progress(`${plan.bench}: ${count} more pods at a steady ${rate}/s for the latency`);
  const sent = await createPaced(plane, pool, PODS_PATH, bodies, {
    ratePerSec: rate,
    maxInFlight: plan.concurrency,
    timeLimitMs: deadline.budget(PACED.durationMs + 5_000),
    onSent: (index, at) => {
      record.sentAt[index] = at;
    },
  });
  await waitUntil(() => record.bound >= sent, { timeoutMs: Math.max(0, deadline.remainingMs() - TEARDOWN_RESERVE_MS) });
  const latencies: number[] = [];
  for (let i = 0; i < sent; i++) {
    const at = record.boundAt[i] ?? Number.NaN;
    if (!Number.isNaN(at)) latencies.push(at - (record.sentAt[i] ?? at));
  }
  const summary = summarize(latencies);
  return { pacedRatePerSec: rate, pacedPods: sent, pacedBound: record.bound, pacedP50Ms: figure(summary.p50), pacedP99Ms: figure(summary.p99), pacedMaxMs: figure(summary.max) };
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
