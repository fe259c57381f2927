import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { EventRecorder, EventType } from '../framework/event-recorder.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { DONE, type Reconciler, type Result } from '../framework/result.ts';
import { forEachConcurrently } from './for-each-concurrently.ts';
import { parseWorkKey } from './lifecycle-keys.ts';
import { NodeHealthTracker } from './node-health-tracker.ts';
import { planNodeLabels } from './node-labels.ts';
import { conditionsOf, excludedFromDisruption, findCondition, isUnschedulable, nodeNameOf, rfc3339, taintsOf, zoneKeyOf } from './node-fields.ts';
import { swapNodeTaints } from './node-writes.ts';
import type { NodeLifecycleOptions } from './options.ts';
import { markPodsNotReady } from './pod-readiness.ts';
import { NODE_NAME_INDEX } from './pods-by-node.ts';
import type { TaintOutcome } from './rate-limited-tainter.ts';
import { NOT_READY_NO_EXECUTE, REACHABLE, UNREACHABLE_NO_EXECUTE, hasTaint, noExecuteTaintFor, planNoExecuteAction, planNoScheduleTaints } from './taints.ts';
import { planDisruption, type ZoneState } from './zone-disruption.ts';
import { ZoneTainters } from './zone-tainters.ts';

/** nodeUpdateWorkerSize: nodes whose health is updated at once in a pass */
const NODE_UPDATE_WORKERS = 8;
/** NodeEvictionPeriod: how soon a failed NoExecute taint is tried again */
const TAINT_RETRY_MS = 100;

export interface NodeLifecycleDeps {
  client: ApiClient;
  nodes: IndexedCache;
  /** with the spec.nodeName index */
  pods: IndexedCache;
  leases: IndexedCache;
  events: EventRecorder;
  logger: Logger;
  options: NodeLifecycleOptions;
  now: () => number;
  /** runs the NoExecute tainting again after `delayMs` */
  scheduleTainting(delayMs: number): void;
}

/**
 * Kubernetes' node lifecycle controller: watches every node's heartbeats
 * (Lease renewals and Ready's lastHeartbeatTime), turns a silent node's
 * conditions Unknown, marks its pods not ready, and keeps the node taints
 * that follow its conditions: NoSchedule ones at once, NoExecute ones (which
 * evict pods) at each zone's eviction rate, and none at all while every zone
 * is down.
 */
export class NodeLifecycleReconciler implements Reconciler {
  readonly name = 'node-lifecycle';
  private readonly health: NodeHealthTracker;
  private readonly tainters: ZoneTainters;
  /** knownNodeSet */
  private readonly known = new Map<string, KubeObject>();
  private zoneStates = new Map<string, ZoneState>();
  /** nodes whose pods could not all be marked not ready; tried again next pass */
  private readonly retryMarkPods = new Set<string>();

  constructor(private readonly deps: NodeLifecycleDeps) {
    const { options } = deps;
    this.health = new NodeHealthTracker({
      client: deps.client,
      leases: deps.leases,
      logger: deps.logger,
      now: deps.now,
      timings: { gracePeriodMs: options.nodeMonitorGracePeriodSeconds * 1000, startupGracePeriodMs: options.nodeStartupGracePeriodSeconds * 1000 },
    });
    this.tainters = new ZoneTainters(options.nodeEvictionRate, deps.now);
  }

  async reconcile(key: string): Promise<Result> {
    const work = parseWorkKey(key);
    switch (work?.kind) {
      case 'monitor':
        try {
          await this.monitorNodeHealth();
        } catch (error) {
          this.deps.logger.warn({ err: error }, 'error monitoring node health');
        }
        return { requeueAfterMs: this.deps.options.nodeMonitorPeriodSeconds * 1000 };
      case 'noExecute':
        await this.noExecuteTaintingPass();
        return DONE;
      case 'node':
        await this.processNode(work.name);
        return DONE;
      case 'pod':
        await this.processPod(work.key);
        return DONE;
      case undefined:
        return DONE;
    }
  }

  /** monitorNodeHealth */
  private async monitorNodeHealth(): Promise<void> {
    const nodes = this.deps.nodes.list();
    await this.classifyNodes(nodes);
    const zones = new Map<string, (string | undefined)[]>();
    await forEachConcurrently(nodes, NODE_UPDATE_WORKERS, (node) => this.monitorNode(node, zones));
    await this.handleDisruption(zones, nodes);
    await this.noExecuteTaintingPass();
  }

  private async classifyNodes(nodes: readonly KubeObject[]): Promise<void> {
    const present = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      present.add(name);
      this.tainters.forZone(zoneKeyOf(node));
      if (this.known.has(name)) continue;
      this.known.set(name, node);
      this.recordNodeEvent(node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      // A node seen for the first time (or by a controller just started) starts without the NoExecute taints.
      await this.markNodeAsReachable(node).catch((error: unknown) => this.deps.logger.warn({ err: error, node: name }, 'failed to remove taints from node'));
    }
    for (const [name, node] of this.known) {
      if (present.has(name)) continue;
      this.known.delete(name);
      this.health.forget(name);
      this.retryMarkPods.delete(name);
      this.tainters.remove(name);
      this.recordNodeEvent(node, 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
    }
  }

  private async monitorNode(cached: KubeObject, zones: Map<string, (string | undefined)[]>): Promise<void> {
    const result = await this.health.update(cached);
    if (result === undefined) return;
    const { node, observedReady, currentReady } = result;
    const name = node.metadata.name ?? '';
    if (!excludedFromDisruption(node)) {
      const zone = zoneKeyOf(node);
      // Appended in place: a copy per node made the pass quadratic (12.5 million copies for 5,000 nodes in a zone).
      const statuses = zones.get(zone);
      if (statuses === undefined) zones.set(zone, [currentReady?.status]);
      else statuses.push(currentReady?.status);
    }
    if (currentReady === undefined) {
      this.retryMarkPods.delete(name);
      return;
    }
    try {
      await this.processTaintBasedEviction(node, observedReady.status);
    } catch (error) {
      this.deps.logger.warn({ err: error, node: name }, 'could not update NoExecute taints; will retry next pass');
    }
    const becameNotReady = currentReady.status !== 'True' && observedReady.status === 'True';
    if (becameNotReady) this.recordNodeEvent(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    if (becameNotReady || (this.retryMarkPods.has(name) && observedReady.status !== 'True')) {
      try {
        const pods = this.deps.pods.byIndex(NODE_NAME_INDEX, name);
        await markPodsNotReady(this.deps, pods, name, rfc3339(this.deps.now()));
      } catch (error) {
        this.deps.logger.warn({ err: error, node: name }, 'unable to mark all pods not ready; will retry');
        this.retryMarkPods.add(name);
        return;
      }
    }
    this.retryMarkPods.delete(name);
  }

  /** processTaintBaseEviction, judged on Ready as the node had it before this pass */
  private async processTaintBasedEviction(node: KubeObject, observedReady: string): Promise<void> {
    const taints = taintsOf(node);
    const action = planNoExecuteAction(observedReady, taints);
    const name = node.metadata.name ?? '';
    switch (action.kind) {
      case 'swap':
        await swapNodeTaints(this.deps.client, node, action.change, this.deps.now());
        return;
      case 'queue': {
        // markNodeForTainting: a node whose taint went missing is queued afresh.
        const tainter = this.tainters.forZone(zoneKeyOf(node));
        if (!hasTaint(taints, action.status === 'False' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE)) tainter.remove(name);
        tainter.add(name, this.deps.now());
        return;
      }
      case 'reachable':
        await this.markNodeAsReachable(node);
        return;
      case 'none':
        return;
    }
  }

  private async markNodeAsReachable(node: KubeObject): Promise<void> {
    await swapNodeTaints(this.deps.client, node, REACHABLE, this.deps.now());
    this.tainters.remove(node.metadata.name ?? '');
  }

  private async handleDisruption(zones: ReadonlyMap<string, readonly (string | undefined)[]>, nodes: readonly KubeObject[]): Promise<void> {
    const plan = planDisruption(this.zoneStates, zones, this.deps.options);
    this.zoneStates = plan.states;
    if (plan.kind === 'enterFullDisruption') {
      this.deps.logger.info('every node is not ready: entering master disruption mode, no pods are evicted');
      for (const node of nodes) {
        await this.markNodeAsReachable(node).catch((error: unknown) => this.deps.logger.warn({ err: error, node: node.metadata.name }, 'failed to remove taints from node'));
      }
      this.tainters.stopAll();
      return;
    }
    if (plan.kind === 'exitFullDisruption') {
      this.deps.logger.info('some nodes are ready again: exiting master disruption mode');
      this.health.resetProbes(nodes.map((n) => n.metadata.name ?? ''));
    }
    this.tainters.setRates(plan.rates);
  }

  /** doNoExecuteTaintingPass */
  private async noExecuteTaintingPass(): Promise<void> {
    const next = await this.tainters.process((name) => this.taintQueuedNode(name));
    if (next !== undefined) this.deps.scheduleTainting(Math.max(next, 1));
  }

  private async taintQueuedNode(name: string): Promise<TaintOutcome> {
    const node = this.deps.nodes.get(name);
    if (node === undefined) return { done: true };
    const ready = findCondition(conditionsOf(node), 'Ready');
    if (ready === undefined) return { done: false, retryAfterMs: 50 };
    const change = noExecuteTaintFor(ready.status);
    // Ready again meanwhile: nothing to taint.
    if (change === undefined) return { done: true };
    try {
      await swapNodeTaints(this.deps.client, node, change, this.deps.now());
      return { done: true };
    } catch (error) {
      this.deps.logger.warn({ err: error, node: name }, 'failed to taint unresponsive node');
      return { done: false, retryAfterMs: TAINT_RETRY_MS };
    }
  }

  /** doNodeProcessingPassWorker: doNoScheduleTaintingPass, then reconcileNodeLabels */
  private async processNode(name: string): Promise<void> {
    const node = this.deps.nodes.get(name);
    if (node === undefined) return;
    const change = planNoScheduleTaints(conditionsOf(node), isUnschedulable(node), taintsOf(node));
    if (change.add.length > 0 || change.remove.length > 0) await swapNodeTaints(this.deps.client, node, change, this.deps.now());
    const labels = planNodeLabels(node.metadata.labels);
    if (labels !== undefined) await this.deps.client.patch(Resources.nodes, undefined, name, 'merge', { metadata: { labels } });
  }

  /** processPod: a pod bound to a node already known not ready is marked not ready too. */
  private async processPod(key: string): Promise<void> {
    const pod = this.deps.pods.get(key);
    if (pod === undefined) return;
    const nodeName = nodeNameOf(pod);
    const ready = this.health.get(nodeName)?.ready;
    if (ready === undefined || ready.status === 'True' || this.deps.nodes.get(nodeName) === undefined) return;
    await markPodsNotReady(this.deps, [pod], nodeName, rfc3339(this.deps.now()));
  }

  private recordNodeEvent(node: KubeObject, type: EventType, reason: string, message: string): void {
    // Node events live in the default namespace, as Kubernetes records them.
    const ref: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata.name ?? '', uid: node.metadata.uid ?? '' } };
    this.deps.events.record(ref, type, reason, message);
  }
}
