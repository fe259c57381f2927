/**
 * One pod worker's sync (kubelet's SyncPod): reads the pod from the agent's
 * cache and what the runtime holds of it, decides the actions
 * (pod-actions.ts) and carries them out, then reports the status. Keyed by
 * `namespace/name`, so a pod recreated under the same name (a new uid) first
 * sees the old one's containers stopped.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types/meta.ts';
import type { ApiClient } from '../client/api-client.ts';
import { Resources } from '../client/resources.ts';
import type { EventRecorder } from '../controllers/framework/event-recorder.ts';
import { DONE, splitKey, type Reconciler, type Result } from '../controllers/framework/result.ts';
import { RuntimeLabels, type ContainerRuntime, type PodSandbox } from '../contracts/runtime.ts';
import { startContainer, type ContainerConfigResolver } from './container-starter.ts';
import { CrashBackoff } from './crash-backoff.ts';
import { computePodActions, shouldRestart } from './pod-actions.ts';
import { killContainer, killPod, pruneDead, removePod } from './pod-killer.ts';
import { buildPodStatus, type Waiting } from './pod-status.ts';
import { podPortMappings, podView, type ContainerView, type PodView } from './pod-view.ts';
import { emptyRuntimePod, groupByPod, latestContainer, type RuntimePod } from './runtime-pod.ts';
import type { StatusWriter } from './status-writer.ts';
import type { PodDns } from './pod-dns.ts';

/** What the sync needs of the probes (core/agent/probes). */
export interface ProbeResults {
  livenessFailed(podUid: string, containerName: string): boolean;
  startupFailed(podUid: string, containerName: string): boolean;
  ready(podUid: string, containerName: string): boolean;
  started(podUid: string, containerName: string): boolean;
  /** (re)starts probing a container instance; a no-op for one already probed */
  track(pod: KubeObject, container: ContainerView, containerId: string, podIP: string): void;
  forgetPod(podUid: string): void;
}

/** What the sync needs of the volumes (core/agent/volumes). */
export interface PodVolumeManager {
  /** makes the pod's volumes ready; resolves with an error message (FailedMount) when one cannot be */
  setUp(pod: PodView): Promise<string | undefined>;
  tearDown(podUid: string): Promise<void>;
}

export interface PodSyncDeps {
  nodeName: string;
  hostIP: string;
  client: ApiClient;
  runtime: ContainerRuntime;
  /** the pods bound to this node, by `namespace/name` */
  podOf(key: string): KubeObject | undefined;
  config: ContainerConfigResolver;
  volumes: PodVolumeManager;
  probes: ProbeResults;
  events: EventRecorder;
  status: StatusWriter;
  crashBackoff: CrashBackoff;
  pullBackoff: CrashBackoff;
  logger: Logger;
  now(): number;
  /** the resolv.conf the pod's sandbox gets */
  dnsOf(pod: KubeObject): PodDns;
  /** how often a pod is synced even when nothing changed (kubelet's syncFrequency) */
  resyncMs: number;
}

/** kubelet's grace for containers whose pod it no longer knows */
const ORPHAN_GRACE_SECONDS = 2;

export function specHash(container: ContainerView): string {
  return createHash('sha256').update(JSON.stringify(container.spec)).digest('hex').slice(0, 16);
}

export class PodSync implements Reconciler {
  readonly name = 'pod-worker';
  /** why each container of each pod (by uid) is not running, from the last sync */
  private readonly waiting = new Map<string, Map<string, Waiting>>();

  constructor(private readonly deps: PodSyncDeps) {}

  async reconcile(key: string): Promise<Result> {
    const { namespace = 'default', name } = splitKey(key);
    const object = this.deps.podOf(key);
    const runtimePods = await this.runtimePodsNamed(namespace, name);
    for (const stale of runtimePods.filter((p) => p.uid !== object?.metadata.uid)) await this.cleanUp(stale, undefined, ORPHAN_GRACE_SECONDS);
    if (object === undefined) return DONE;
    const pod = podView(object);
    const runtime = runtimePods.find((p) => p.uid === pod.uid) ?? emptyRuntimePod(pod.uid, namespace, name);
    if (pod.deleting) return this.terminate(pod, runtime);
    return this.sync(pod, runtime);
  }

  private async runtimePodsNamed(namespace: string, name: string): Promise<RuntimePod[]> {
    const [sandboxes, containers] = await Promise.all([
      this.deps.runtime.listPodSandboxes(),
      this.deps.runtime.listContainers({ labels: { [RuntimeLabels.podNamespace]: namespace, [RuntimeLabels.podName]: name } }),
    ]);
    const pods = groupByPod(
      sandboxes.filter((s) => s.namespace === namespace && s.name === name),
      containers.filter((c) => c.namespace === namespace && c.podName === name),
    );
    return [...pods.values()];
  }

  private async runtimePodOf(pod: PodView): Promise<RuntimePod> {
    return (await this.runtimePodsNamed(pod.namespace, pod.name)).find((p) => p.uid === pod.uid) ?? emptyRuntimePod(pod.uid, pod.namespace, pod.name);
  }

  private waitingOf(uid: string): Map<string, Waiting> {
    let map = this.waiting.get(uid);
    if (map === undefined) {
      map = new Map();
      this.waiting.set(uid, map);
    }
    return map;
  }

  /** Stops and removes everything of a pod that is gone or replaced. */
  private async cleanUp(runtime: RuntimePod, pod: PodView | undefined, grace: number): Promise<void> {
    await killPod(this.deps, pod, runtime, grace);
    await removePod(this.deps.runtime, runtime);
    await this.deps.volumes.tearDown(runtime.uid);
    this.deps.probes.forgetPod(runtime.uid);
    this.deps.crashBackoff.forgetPod(runtime.uid);
    this.deps.pullBackoff.forgetPod(runtime.uid);
    this.waiting.delete(runtime.uid);
  }

  /** A pod being deleted: stop it within its grace, then remove the object for good (kubelet's final delete). */
  private async terminate(pod: PodView, runtime: RuntimePod): Promise<Result> {
    const grace = Math.min(pod.deletionGracePeriodSeconds ?? pod.terminationGracePeriodSeconds, pod.terminationGracePeriodSeconds);
    await this.cleanUp(runtime, pod, grace);
    try {
      await this.deps.client.delete(Resources.pods, pod.namespace, pod.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.uid } });
    } catch (error) {
      if (!isApiError(error, 'NotFound') && !isApiError(error, 'Conflict')) throw error;
    }
    this.deps.status.forget(pod.uid);
    return DONE;
  }

  private async sync(pod: PodView, initial: RuntimePod): Promise<Result> {
    const { deps } = this;
    const waiting = this.waitingOf(pod.uid);
    let retryMs = deps.resyncMs;
    const retryWithin = (ms: number): void => {
      retryMs = Math.min(retryMs, Math.max(ms, 100));
    };

    const mountFailure = await deps.volumes.setUp(pod);
    if (mountFailure !== undefined) {
      deps.events.record(pod.object, 'Warning', 'FailedMount', mountFailure);
      await this.report(pod, initial);
      return { requeueAfterMs: 2_000 };
    }

    const health = {
      livenessFailed: (name: string) => deps.probes.livenessFailed(pod.uid, name),
      startupFailed: (name: string) => deps.probes.startupFailed(pod.uid, name),
      specHash,
    };
    const actions = computePodActions(pod, initial, health);
    let runtime = initial;
    if (actions.killPod) {
      await killPod(deps, pod, runtime, pod.terminationGracePeriodSeconds);
      runtime = await this.runtimePodOf(pod);
    }
    await Promise.all(actions.containersToKill.map((k) => killContainer(deps, pod, k.container, pod.terminationGracePeriodSeconds, k.message)));
    if (actions.containersToKill.length > 0) runtime = await this.runtimePodOf(pod);

    let sandbox: PodSandbox | undefined = runtime.sandboxes[0]?.state === 'ready' ? runtime.sandboxes[0] : undefined;
    if (actions.createSandbox) {
      sandbox = await deps.runtime.runPodSandbox({
        podUid: pod.uid,
        namespace: pod.namespace,
        name: pod.name,
        hostname: pod.hostname,
        labels: {},
        portMappings: podPortMappings(pod),
        hostNetwork: pod.hostNetwork,
        dns: deps.dnsOf(pod.object),
      });
      // A new sandbox means new container instances: earlier probe results say nothing about them.
      deps.probes.forgetPod(pod.uid);
    }

    const toStart = actions.initContainerToStart !== undefined ? [actions.initContainerToStart] : actions.containersToStart;
    if (sandbox !== undefined) {
      for (const container of toStart) {
        const latest = latestContainer(runtime, container.name);
        const backoffKey = CrashBackoff.keyOf(pod.uid, container.name);
        if (latest !== undefined && latest.state === 'exited' && !actions.createSandbox) {
          const finishedAt = latest.finishedAt?.getTime() ?? deps.now();
          const wait = deps.crashBackoff.remainingMs(backoffKey, finishedAt, deps.now());
          if (wait > 0) {
            const delay = Math.round(deps.crashBackoff.delayMs(backoffKey, deps.now()) / 1000);
            const message = `back-off ${delay}s restarting failed container=${container.name} pod=${pod.name}_${pod.namespace}(${pod.uid})`;
            waiting.set(container.name, { reason: 'CrashLoopBackOff', message });
            deps.events.record(pod.object, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${pod.name}_${pod.namespace}(${pod.uid})`);
            retryWithin(wait);
            continue;
          }
          deps.crashBackoff.recordRestart(backoffKey, deps.now());
        }
        const attempt = latest === undefined ? 0 : latest.attempt + 1;
        const outcome = await startContainer({ ...deps, specHash }, pod, container, sandbox, attempt);
        if ('started' in outcome) waiting.delete(container.name);
        else {
          waiting.set(container.name, outcome.waiting);
          retryWithin(outcome.retryAfterMs);
        }
      }
      if (toStart.length > 0) runtime = await this.runtimePodOf(pod);
    }

    for (const container of [...pod.initContainers, ...pod.containers]) {
      const latest = latestContainer(runtime, container.name);
      if (latest?.state === 'running') deps.probes.track(pod.object, container, latest.id, sandbox?.ip ?? deps.hostIP);
      // An exited container that will not restart shows its termination, not a stale waiting reason.
      if (latest?.state === 'exited' && !shouldRestart(pod, container, latest)) waiting.delete(container.name);
    }
    await pruneDead(deps.runtime, runtime);
    await this.report(pod, runtime);
    return { requeueAfterMs: retryMs };
  }

  private async report(pod: PodView, runtime: RuntimePod): Promise<void> {
    const status = buildPodStatus({
      pod,
      runtime,
      waiting: this.waitingOf(pod.uid),
      ready: (name) => this.deps.probes.ready(pod.uid, name),
      started: (name) => this.deps.probes.started(pod.uid, name),
      hostIP: this.deps.hostIP,
      runtimeName: this.deps.runtime.name,
      now: new Date(this.deps.now()),
    });
    await this.deps.status.write(pod.object, status);
  }
}
