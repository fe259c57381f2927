import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { isRecord } from '../../core/api/types/meta.ts';
import { authHeaders, apiClient, requestJson } from './support/api-client.ts';
import type { ControlPlaneProcess } from './support/control-plane-process.ts';
import { createNamespace } from './support/create-objects.ts';
import { Deadline, secondsBetween, waitUntil } from './support/deadline.ts';
import { deploymentJson, imagePatchJson, namespaceJson, PAUSE_IMAGE } from './support/kube-objects.ts';
import { progress } from './support/progress.ts';
import { RolloutTracker } from './support/rollout-tracker.ts';
import { loadAverage1m, rssFigures, ServerCpu } from './support/server-usage.ts';
import { startSimulatedCluster } from './support/simulated-cluster.ts';
import { collectionVersion, openWatch } from './support/watch-stream.ts';

const PLAN = {
  /** 200 nodes × 110 pods hold both Deployments at their surge */
  nodes: 200,
  sizes: [1_000, 10_000],
  requests: { cpu: '10m', memory: '16Mi' },
  newImage: 'registry.k8s.io/pause:3.10',
  totalMs: 570_000,
  nodesTimeoutMs: 120_000,
  /** per Deployment size: to become available first, then to roll out */
  stepTimeoutMs: { 1000: 60_000, 10000: 180_000 } as Record<number, number>,
  teardownReserveMs: 20_000,
} as const;

const NAMESPACE = 'bench';
const DEPLOYMENTS_PATH = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`;

/**
 * `rollout`: a Deployment of 1,000 replicas, then one of 10,000, on simulated
 * nodes whose pods are Ready as soon as they run (podStartupMs 0), with
 * maxSurge = maxUnavailable = 25%. Each is created and left to become
 * available (timed, not the figure), then its image is changed; measured from
 * that PATCH until a pod watch has seen every pod of the new template Ready
 * and every old pod gone. Targets: 1,000 ≤ 3 s, 10,000 ≤ 30 s.
 */
export async function run(): Promise<Record<string, unknown>> {
  const deadline = new Deadline(PLAN.totalMs);
  const loadAvg1mAtStart = loadAverage1m();
  const cluster = await startSimulatedCluster({ pools: [{ name: 'sim', count: PLAN.nodes, podStartupMs: 0 }] }, deadline.budget(PLAN.nodesTimeoutMs));
  const { plane } = cluster;
  const single = apiClient(plane);
  const figures: Record<string, unknown> = { nodes: PLAN.nodes, maxSurge: '25%', maxUnavailable: '25%' };
  let complete = cluster.nodesReadyAt !== undefined;
  try {
    if (complete) {
      await createNamespace(plane, single, namespaceJson(NAMESPACE));
      for (const size of PLAN.sizes) {
        const result = await rolloutOnce(plane, single, size, deadline);
        Object.assign(figures, prefixed(`r${size}`, result));
        if (result['complete'] !== true) {
          complete = false;
          break;
        }
      }
    }
    return { ...figures, complete, ...(await rssFigures(plane.pid)), loadAvg1mAtStart, loadAvg1mAtEnd: loadAverage1m() };
  } finally {
    await single.destroy().catch(() => undefined);
    await plane.stop();
  }
}

async function rolloutOnce(plane: ControlPlaneProcess, single: Dispatcher, replicas: number, deadline: Deadline): Promise<Record<string, unknown>> {
  const name = `web-${replicas}`;
  const podsPath = `/api/v1/namespaces/${NAMESPACE}/pods`;
  const tracker = new RolloutTracker();
  const rv = await collectionVersion(plane, single, podsPath);
  const watch = await openWatch(plane, { path: `${podsPath}?labelSelector=${encodeURIComponent(`app=${name}`)}`, resourceVersion: rv, onEvent: (e) => tracker.onEvent(e) });
  const stepMs = (): number => Math.max(0, Math.min(PLAN.stepTimeoutMs[replicas] ?? 60_000, deadline.remainingMs() - PLAN.teardownReserveMs));
  try {
    progress(`rollout: Deployment ${name} of ${replicas} replicas`);
    const createdAt = performance.now();
    const body = deploymentJson({ name, namespace: NAMESPACE, replicas, requests: PLAN.requests, image: PAUSE_IMAGE, maxSurge: '25%', maxUnavailable: '25%' });
    await requestJson(single, { method: 'POST', path: DEPLOYMENTS_PATH, headers: authHeaders(plane, true), body });
    const available = await waitUntil(() => tracker.hashes().length === 1 && tracker.readyOf(tracker.hashes()[0] ?? '') >= replicas, {
      timeoutMs: stepMs(),
      describe: () => `rollout: ${tracker.readyOf(tracker.hashes()[0] ?? '')} of ${replicas} pods Ready`,
    });
    const initialSec = secondsBetween(createdAt, performance.now());
    if (!available) return { complete: false, stoppedAt: 'initial', initialSec, readyAtStop: tracker.readyOf(tracker.hashes()[0] ?? '') };
    const oldHash = tracker.hashes()[0] ?? '';

    progress(`rollout: changing the image of ${name}`);
    tracker.resetExtremes();
    const cpu = new ServerCpu(plane.pid);
    await cpu.start();
    const patchedAt = performance.now();
    await requestJson(single, {
      method: 'PATCH',
      path: `${DEPLOYMENTS_PATH}/${name}`,
      headers: { ...authHeaders(plane, true), 'content-type': 'application/merge-patch+json' },
      body: imagePatchJson(PLAN.requests, PLAN.newImage),
    });
    const newHash = (): string => tracker.hashes().find((h) => h !== oldHash) ?? '';
    const rolledOut = await waitUntil(() => tracker.existingOf(oldHash) === 0 && tracker.readyOf(newHash()) >= replicas && tracker.othersThan(newHash()) === 0, {
      timeoutMs: stepMs(),
      pollMs: 5,
      describe: () => `rollout: ${tracker.readyOf(newHash())} of ${replicas} new pods Ready, ${tracker.existingOf(oldHash)} old left`,
    });
    const rolloutSec = secondsBetween(patchedAt, performance.now());
    const cpuUsPerReplica = await cpu.usPerOp(replicas);
    const status = rolledOut ? await waitForStatus(plane, single, name, replicas, 10_000) : undefined;
    return {
      complete: rolledOut,
      ...(rolledOut ? {} : { stoppedAt: 'rollout', newReadyAtStop: tracker.readyOf(newHash()), oldLeftAtStop: tracker.existingOf(oldHash) }),
      initialSec,
      rolloutSec,
      // what maxSurge (at most replicas + 25%) and maxUnavailable (at least replicas − 25% Ready) bound, as the watch saw it
      maxPodsSeen: tracker.maxNotTerminating,
      minReadySeen: tracker.minReady,
      serverCpuUsPerReplica: cpuUsPerReplica,
      statusAgreedSec: status === undefined ? null : secondsBetween(patchedAt, status),
      watchProblems: watch.problems.length,
    };
  } finally {
    await watch.close();
  }
}

/** Polls the Deployment until its status says the rollout is done; when it did (performance.now()), or undefined. */
async function waitForStatus(plane: ControlPlaneProcess, single: Dispatcher, name: string, replicas: number, timeoutMs: number): Promise<number | undefined> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const deployment = await requestJson(single, { method: 'GET', path: `${DEPLOYMENTS_PATH}/${name}`, headers: authHeaders(plane, false) });
    const status = isRecord(deployment['status']) ? deployment['status'] : {};
    const metadata = isRecord(deployment['metadata']) ? deployment['metadata'] : {};
    const done =
      status['observedGeneration'] === metadata['generation'] &&
      status['updatedReplicas'] === replicas &&
      status['availableReplicas'] === replicas &&
      status['replicas'] === replicas;
    if (done) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

function prefixed(prefix: string, figures: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(figures).map(([key, value]) => [`${prefix}${key.charAt(0).toUpperCase()}${key.slice(1)}`, value]));
}
