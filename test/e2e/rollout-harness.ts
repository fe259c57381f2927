import { pino } from 'pino';
import { isApiError } from '../../core/api/errors.ts';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import type { ApiClient, WatchSubscription } from '../../core/client/api-client.ts';
import { Resources } from '../../core/client/resources.ts';
import { ControllerManager } from '../../core/controllers/framework/manager.ts';
import { objectKeyOf } from '../../core/controllers/framework/result.ts';
import { setupDeploymentController } from '../../core/controllers/deployment/deployment-controller.ts';
import { setupReplicaSetController, type ReplicaSetControllerOptions } from '../../core/controllers/replicaset/replicaset-controller.ts';
import { rfc3339 } from '../../core/controllers/replicaset/status.ts';
import type { TestCluster } from './support/cluster.ts';
import type { WatchLine } from './support/watch-stream.ts';

/**
 * What the rollout tests need until the scheduler and simulated nodes exist:
 * the ReplicaSet and Deployment controllers in a ControllerManager over the
 * control plane's client, and a fake kubelet that binds pods, reports them
 * Running and Ready, and finishes deletions.
 */

export interface WorkloadControllerOptions {
  replicaSet?: ReplicaSetControllerOptions;
  /** a delay before each pod creation the controllers send, to make a scale-up last */
  podCreateDelayMs?: number;
  /** a delay on every watch event, so that the controllers' caches lag behind their own writes as over a network */
  watchDelayMs?: number;
}

/** The control plane's client, with pod creations and watch events slowed down. */
function slowClient(client: ApiClient, options: WorkloadControllerOptions): ApiClient {
  const createDelay = options.podCreateDelayMs ?? 0;
  const watchDelay = options.watchDelayMs ?? 0;
  return {
    get: (r, ns, name) => client.get(r, ns, name),
    list: (r, ns, o) => client.list(r, ns, o),
    watch: (r, ns, o, onEvent) =>
      // Every event is held back by the same delay, so they still arrive in order.
      client.watch(r, ns, o, watchDelay === 0 ? onEvent : (type, obj) => void setTimeout(() => onEvent(type, obj), watchDelay)),
    create: async (r, obj, o) => {
      if (r.plural === 'pods' && createDelay > 0) await new Promise((resolve) => setTimeout(resolve, createDelay));
      return client.create(r, obj, o);
    },
    update: (r, obj, o) => client.update(r, obj, o),
    patch: (r, ns, name, type, patch, o) => client.patch(r, ns, name, type, patch, o),
    delete: (r, ns, name, o) => client.delete(r, ns, name, o),
    createSubresource: (r, ns, name, sub, body) => client.createSubresource(r, ns, name, sub, body),
  };
}

export async function startWorkloadControllers(cluster: TestCluster, options: WorkloadControllerOptions = {}): Promise<ControllerManager> {
  const client = options.podCreateDelayMs === undefined && options.watchDelayMs === undefined ? cluster.plane.client : slowClient(cluster.plane.client, options);
  const manager = new ControllerManager(client, pino({ level: 'warn' }));
  const replicaSetOptions = options.replicaSet ?? {};
  manager.add((ctx) => setupReplicaSetController(ctx, replicaSetOptions));
  manager.add((ctx) => setupDeploymentController(ctx));
  manager.start();
  await manager.informers.waitForSync();
  return manager;
}

export interface FakeKubeletOptions {
  nodes?: string[];
  /** how long after binding a pod turns Ready */
  readyAfterMs?: number;
  /** pods whose first container uses this image never turn Ready */
  neverReadyImage?: string;
}

function firstImage(pod: unknown): string {
  const spec = isRecord(pod) ? pod['spec'] : undefined;
  const containers = isRecord(spec) ? spec['containers'] : undefined;
  const first: unknown = Array.isArray(containers) ? containers[0] : undefined;
  return isRecord(first) && typeof first['image'] === 'string' ? first['image'] : '';
}

/** A kubelet for every node at once, driven by a pod watch: level-based, one pass per pod at a time. */
export class FakeKubelet {
  private readonly pods = new Map<string, KubeObject>();
  private readonly busy = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private subscription: WatchSubscription | undefined;
  private running = false;
  private next = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly options: FakeKubeletOptions = {},
  ) {}

  async start(): Promise<void> {
    this.running = true;
    let resourceVersion = '';
    const watch = async (): Promise<void> => {
      this.subscription = await this.client.watch(Resources.pods, undefined, { resourceVersion }, (type, pod) => {
        if (pod.metadata.resourceVersion !== undefined) resourceVersion = pod.metadata.resourceVersion;
        const key = objectKeyOf(pod.metadata);
        if (type === 'DELETED') this.pods.delete(key);
        else if (type === 'ADDED' || type === 'MODIFIED') {
          this.pods.set(key, pod);
          this.kick(key);
        }
      });
      void this.subscription.done.then(() => {
        if (this.running) void watch();
      });
    };
    await watch();
  }

  stop(): void {
    this.running = false;
    this.subscription?.close();
    for (const timer of this.timers) clearTimeout(timer);
  }

  private kick(key: string): void {
    if (this.busy.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.busy.add(key);
    void this.step(key)
      .catch(() => this.dirty.add(key))
      .finally(() => {
        this.busy.delete(key);
        if (this.dirty.delete(key) && this.running) this.kick(key);
      });
  }

  private async step(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (pod === undefined || !this.running) return;
    const { namespace } = pod.metadata;
    const name = pod.metadata.name ?? '';
    if (pod.metadata.deletionTimestamp !== undefined) {
      await this.client.delete(Resources.pods, namespace, name, { gracePeriodSeconds: 0 }).catch((e: unknown) => {
        if (!isApiError(e, 'NotFound')) throw e;
      });
      return;
    }
    const spec = isRecord(pod['spec']) ? pod['spec'] : {};
    if (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '') {
      const nodes = this.options.nodes ?? ['node-a', 'node-b', 'node-c'];
      const node = nodes[this.next++ % nodes.length] ?? 'node-a';
      await this.client.createSubresource(Resources.pods, namespace, name, 'binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, namespace },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      });
      return;
    }
    const status = isRecord(pod['status']) ? pod['status'] : {};
    if (status['phase'] === 'Running') return;
    if (this.options.neverReadyImage !== undefined && firstImage(pod) === this.options.neverReadyImage) return;
    await this.sleep(this.options.readyAfterMs ?? 0);
    await this.markRunning(namespace, name);
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async markRunning(namespace: string | undefined, name: string): Promise<void> {
    const fresh = await this.client.get(Resources.pods, namespace, name);
    if (fresh.metadata.deletionTimestamp !== undefined || !this.running) return;
    const now = rfc3339(Date.now());
    const spec = isRecord(fresh['spec']) ? fresh['spec'] : {};
    const containers = Array.isArray(spec['containers']) ? spec['containers'].filter(isRecord) : [];
    const condition = (type: string): Record<string, unknown> => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    const status = {
      phase: 'Running',
      conditions: [condition('PodReadyToStartContainers'), condition('Initialized'), condition('Ready'), condition('ContainersReady'), condition('PodScheduled')],
      hostIP: '10.0.0.1',
      podIP: `10.244.0.${(this.next % 250) + 2}`,
      startTime: now,
      containerStatuses: containers.map((c) => ({
        name: c['name'],
        image: c['image'],
        imageID: '',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: now } },
      })),
    };
    await this.client.update(Resources.pods, { ...fresh, status }, { subresource: 'status' });
  }
}

/** Counters a test keeps while replaying every pod event in order. */
export interface PodCensus {
  maxPods: number;
  minAvailable: number;
  /** names of every pod seen, with the image of its first container */
  seen: Map<string, string>;
}

function podFacts(obj: unknown): { name: string; active: boolean; available: boolean; image: string } | undefined {
  if (!isRecord(obj) || !isRecord(obj['metadata'])) return undefined;
  const meta = obj['metadata'];
  const status = isRecord(obj['status']) ? obj['status'] : {};
  const phase = status['phase'];
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const ready = conditions.some((c) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'True');
  const active = meta['deletionTimestamp'] === undefined && phase !== 'Succeeded' && phase !== 'Failed';
  return { name: String(meta['name']), active, available: active && ready, image: firstImage(obj) };
}

/**
 * Replays watch events over a starting set of pods and records, after each
 * event, how many pods exist (not terminating) and how many are available:
 * the numbers maxSurge and maxUnavailable bound at every moment.
 */
export function podCensus(initial: readonly KubeObject[], events: readonly WatchLine[]): PodCensus {
  const pods = new Map<string, { active: boolean; available: boolean }>();
  const census: PodCensus = { maxPods: 0, minAvailable: Number.POSITIVE_INFINITY, seen: new Map() };
  const tally = (): void => {
    const values = [...pods.values()];
    census.maxPods = Math.max(census.maxPods, values.filter((p) => p.active).length);
    census.minAvailable = Math.min(census.minAvailable, values.filter((p) => p.available).length);
  };
  const apply = (type: string, obj: unknown): void => {
    const facts = podFacts(obj);
    if (facts === undefined) return;
    census.seen.set(facts.name, facts.image);
    if (type === 'DELETED') pods.delete(facts.name);
    else pods.set(facts.name, { active: facts.active, available: facts.available });
  };
  for (const pod of initial) apply('ADDED', pod);
  tally();
  for (const event of events) {
    apply(event.type, event.object);
    tally();
  }
  return census;
}
