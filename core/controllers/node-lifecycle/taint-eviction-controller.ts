import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { DONE, objectKeyOf, splitKey, type Reconciler, type Result } from '../framework/result.ts';
import { evictPod } from './evict-pod.ts';
import { noExecuteTaints, planEviction, type ScheduledEviction } from './eviction-plan.ts';
import { nodeNameOf, taintsOf, tolerationsOf } from './node-fields.ts';
import { NODE_NAME_INDEX, ensureNodeNameIndex } from './pods-by-node.ts';

/** UpdateWorkerSize of Kubernetes' taint eviction controller */
const WORKERS = 8;

/** a pod already deleted by this controller: not deleted again until its schedule is cancelled */
const EVICTED = 'evicted';

export interface TaintEvictionDeps {
  client: ApiClient;
  nodes: IndexedCache;
  pods: IndexedCache;
  events: EventRecorder;
  logger: Logger;
  now: () => number;
}

/**
 * Kubernetes' taint eviction controller (the NoExecute taint manager),
 * keyed by pod: a pod on a node with NoExecute taints it does not tolerate
 * is deleted at once, one that tolerates them for tolerationSeconds is
 * deleted when they run out, and a schedule is cancelled when the taints go.
 */
export class TaintEvictionReconciler implements Reconciler {
  readonly name = 'taint-eviction';
  private readonly schedules = new Map<string, ScheduledEviction | typeof EVICTED>();

  constructor(private readonly deps: TaintEvictionDeps) {}

  async reconcile(key: string): Promise<Result> {
    const { nodes, pods, now } = this.deps;
    const pod = pods.get(key);
    if (pod === undefined) {
      this.cancel(key);
      return DONE;
    }
    const node = nodes.get(nodeNameOf(pod));
    // A node deleted meanwhile leaves what was scheduled as it is, as the Kubernetes one does.
    if (node === undefined) return this.fireWhenDue(key, pod);
    const taints = noExecuteTaints(taintsOf(node));
    const existing = this.schedules.get(key);
    if (existing === EVICTED) {
      if (taints.length === 0) this.schedules.delete(key);
      return DONE;
    }
    const decision = planEviction(taints, tolerationsOf(pod), existing, now());
    if (decision.kind === 'cancel') {
      this.cancel(key);
      return DONE;
    }
    if (decision.kind === 'schedule') {
      if (decision.replaces) this.cancel(key);
      this.schedules.set(key, decision.eviction);
    }
    return this.fireWhenDue(key, pod);
  }

  private async fireWhenDue(key: string, pod: KubeObject): Promise<Result> {
    const eviction = this.schedules.get(key);
    if (eviction === undefined || eviction === EVICTED) return DONE;
    const wait = eviction.fireAt - this.deps.now();
    if (wait > 0) return { requeueAfterMs: wait };
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    this.deps.logger.info({ pod: key }, 'deleting pod for a NoExecute taint');
    this.record(namespace, name, 'Marking for deletion Pod');
    try {
      await evictPod(this.deps.client, namespace, name, this.deps.now);
    } catch (error) {
      // Unscheduled, so the retry plans afresh.
      this.schedules.delete(key);
      throw error;
    }
    this.schedules.set(key, EVICTED);
    return DONE;
  }

  /** cancelWorkWithEvent: an Event only when a deletion was still pending */
  private cancel(key: string): void {
    const eviction = this.schedules.get(key);
    this.schedules.delete(key);
    if (eviction === undefined || eviction === EVICTED) return;
    const { namespace, name } = splitKey(key);
    this.record(namespace ?? '', name, 'Cancelling deletion of Pod');
  }

  private record(namespace: string, name: string, what: string): void {
    const ref: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } };
    this.deps.events.record(ref, 'Normal', 'TaintManagerEviction', `${what} ${namespace}/${name}`);
  }
}

function sameTolerations(a: KubeObject, b: KubeObject): boolean {
  // A status write shares the stored spec with the version before.
  if (a['spec'] === b['spec']) return true;
  return tolerationsText(a) === tolerationsText(b);
}

// Module level on purpose: tsx (esbuild keepNames) names an arrow declared inside a function on every call.
function tolerationsText(pod: KubeObject): string {
  return JSON.stringify(tolerationsOf(pod));
}

function noExecuteTaintsKey(node: KubeObject): string {
  return JSON.stringify(noExecuteTaints(taintsOf(node)));
}

/** The taint eviction controller (component `taint-eviction-controller`). */
export function setupTaintEvictionController(ctx: ControllerContext, options: { now?: () => number } = {}): Controller {
  const nodes = ctx.informers.forResource(Resources.nodes);
  const pods = ctx.informers.forResource(Resources.pods);
  ensureNodeNameIndex(pods);
  const logger = ctx.logger.child({ controller: 'taint-eviction' });
  const reconciler = new TaintEvictionReconciler({
    client: ctx.client,
    nodes: nodes.cache,
    pods: pods.cache,
    events: ctx.events('taint-eviction-controller'),
    logger,
    now: options.now ?? Date.now,
  });
  const controller = new Controller(reconciler, { workers: WORKERS, logger });
  const enqueue = (pod: KubeObject): void => controller.enqueue(objectKeyOf(pod.metadata));
  const enqueuePodsOf = (node: KubeObject): void => {
    for (const pod of pods.cache.byIndex(NODE_NAME_INDEX, node.metadata.name ?? '')) enqueue(pod);
  };

  pods.addHandlers({
    onAdd: (pod) => {
      if (nodeNameOf(pod) !== '') enqueue(pod);
    },
    onUpdate: (oldPod, pod) => {
      if (nodeNameOf(oldPod) !== nodeNameOf(pod) || !sameTolerations(oldPod, pod)) enqueue(pod);
    },
    onDelete: enqueue,
  });
  nodes.addHandlers({
    onAdd: (node) => {
      if (noExecuteTaints(taintsOf(node)).length > 0) enqueuePodsOf(node);
    },
    onUpdate: (oldNode, node) => {
      if (noExecuteTaintsKey(oldNode) !== noExecuteTaintsKey(node)) enqueuePodsOf(node);
    },
  });
  return controller;
}
