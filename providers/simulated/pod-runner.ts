import type { Logger } from 'pino';
import {
  Controller,
  DONE,
  Indexes,
  isApiError,
  isRecord,
  objectKeyOf,
  Resources,
  SharedInformer,
  type ApiClient,
  type Clock,
  type KubeObject,
  type Reconciler,
  type Result,
} from '../../core/index.ts';
import type { ManagedNode } from './managed-node.ts';
import { planPod } from './pod-plan.ts';
import { readyPodStatus, runningPodStatus } from './pod-status.ts';

const NODE_NAME_INDEX = 'nodeName';

function nodeNameOf(pod: KubeObject): string {
  return Indexes.nodeName(pod)[0] ?? '';
}

function podIpOf(pod: KubeObject): string | undefined {
  const status = pod['status'];
  return isRecord(status) && typeof status['podIP'] === 'string' && status['podIP'] !== '' ? status['podIP'] : undefined;
}

export interface PodRunnerOptions {
  /** status writes in flight at once */
  workers?: number;
}

/**
 * The kubelet half of every simulated node: one pod informer over all bound
 * pods (indexed by node) and one work queue whose workers bound the writes in
 * flight. A pod bound to a node of ours runs at once, turns Ready after its
 * pool's podStartupMs, and when deleted gracefully is deleted for real, as a
 * kubelet confirms that its containers stopped.
 */
export class PodRunner implements Reconciler {
  readonly name = 'simulated-kubelet';
  readonly informer: SharedInformer;
  private readonly controller: Controller;
  /** pod uid → when this process started its containers (ms), finer than the status' seconds */
  private readonly startedAt = new Map<string, number>();
  /**
   * uids whose final delete the API server accepted. Its grace-0 mark arrives
   * as one more update just before the pod goes: no second delete for it.
   */
  private readonly confirmed = new Set<string>();

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly nodeNamed: (name: string) => ManagedNode | undefined,
    options: PodRunnerOptions = {},
  ) {
    this.informer = new SharedInformer(client, Resources.pods, logger.child({ informer: 'pods' }), { fieldSelector: 'spec.nodeName!=' });
    this.informer.addIndex(NODE_NAME_INDEX, Indexes.nodeName);
    this.controller = new Controller(this, { workers: options.workers ?? 32, logger });
    const enqueueIfOurs = (pod: KubeObject): void => {
      if (this.nodeNamed(nodeNameOf(pod)) !== undefined) this.controller.enqueue(objectKeyOf(pod.metadata));
    };
    this.informer.addHandlers({
      onAdd: enqueueIfOurs,
      onUpdate: (_old, pod) => enqueueIfOurs(pod),
      onDelete: (pod) => {
        this.startedAt.delete(pod.metadata.uid ?? '');
        this.confirmed.delete(pod.metadata.uid ?? '');
        const ip = podIpOf(pod);
        if (ip !== undefined) this.nodeNamed(nodeNameOf(pod))?.podAddresses.release(ip);
      },
    });
  }

  /** resolves once the pod cache has synced, so nodes taken over see the pods they already run */
  async start(): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync();
    this.controller.start();
  }

  async stop(): Promise<void> {
    this.informer.stop();
    await this.controller.stop();
  }

  /** a node became ours: its running pods keep their addresses, and every pod bound to it gets a look */
  nodeAdded(node: ManagedNode): void {
    for (const pod of this.podsOn(node.name)) {
      const ip = podIpOf(pod);
      if (ip !== undefined) node.podAddresses.reserve(ip);
    }
    for (const pod of this.podsOn(node.name)) this.controller.enqueue(objectKeyOf(pod.metadata));
  }

  podsOn(nodeName: string): KubeObject[] {
    return this.informer.cache.byIndex(NODE_NAME_INDEX, nodeName);
  }

  async reconcile(key: string): Promise<Result> {
    const pod = this.informer.cache.get(key);
    if (pod === undefined) return DONE;
    const node = this.nodeNamed(nodeNameOf(pod));
    if (node === undefined) return DONE;
    const uid = pod.metadata.uid ?? '';
    const { podStartupMs } = node.settings.options;
    const action = planPod(pod, { podStartupMs, now: Date.now(), startedAtMs: this.startedAt.get(uid) });
    switch (action.kind) {
      case 'none':
        this.startedAt.delete(uid);
        return DONE;
      case 'wait':
        return { requeueAfterMs: action.ms };
      case 'delete':
        if (!this.confirmed.has(uid)) await this.confirmDeletion(pod);
        return DONE;
      case 'start':
        await this.startPod(pod, node, action.ready);
        return action.ready ? DONE : { requeueAfterMs: podStartupMs };
      case 'ready':
        await this.writeStatus(pod, readyPodStatus(pod, this.clock.now()));
        this.startedAt.delete(uid);
        return DONE;
    }
  }

  private async startPod(pod: KubeObject, node: ManagedNode, ready: boolean): Promise<void> {
    const kept = podIpOf(pod);
    const podIp = kept !== undefined && node.podAddresses.reserve(kept) ? kept : node.podAddresses.allocate();
    if (podIp === undefined) throw new Error(`node ${node.name} has no pod address left in ${node.addressing.podCidr}`);
    const status = runningPodStatus(pod, { hostIp: node.addressing.internalIp, podIp, now: this.clock.now(), containersReady: ready });
    try {
      await this.writeStatus(pod, status);
    } catch (error) {
      if (podIp !== kept) node.podAddresses.release(podIp);
      throw error;
    }
    if (!ready) this.startedAt.set(pod.metadata.uid ?? '', Date.now());
  }

  private writeStatus(pod: KubeObject, status: Record<string, unknown>): Promise<KubeObject> {
    const { name, namespace, uid, resourceVersion } = pod.metadata;
    return this.client.update(
      Resources.pods,
      { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid, resourceVersion }, status },
      { subresource: 'status', fieldManager: 'kubelet' },
    );
  }

  /**
   * kubelet's final delete once containers are gone: immediate, and only of
   * this very pod (uid precondition). A simulated node has no containers to
   * stop, so it does not wait for the grace period, as kwok does not.
   */
  private async confirmDeletion(pod: KubeObject): Promise<void> {
    const uid = pod.metadata.uid;
    try {
      await this.client.delete(Resources.pods, pod.metadata.namespace, pod.metadata.name ?? '', {
        gracePeriodSeconds: 0,
        ...(uid === undefined ? {} : { preconditions: { uid } }),
      });
      // Finalizers may keep it a while; its delete event forgets it.
      if (uid !== undefined && this.informer.cache.get(objectKeyOf(pod.metadata))?.metadata.uid === uid) this.confirmed.add(uid);
    } catch (error) {
      // Gone already, or a new pod took the name: nothing left to confirm.
      if (isApiError(error, 'NotFound') || isApiError(error, 'Conflict')) return;
      throw error;
    }
  }

  /** deletes every pod bound to a node that went away with its machine, as the pod garbage collector would */
  async deletePodsOn(nodeName: string): Promise<void> {
    const pods = this.podsOn(nodeName);
    this.logger.debug({ node: nodeName, pods: pods.length }, 'deleting the pods of a removed node');
    for (const pod of pods) await this.confirmDeletion(pod);
  }
}
