import type { KubeObject } from '../../api/types/meta.ts';
import { objectKeyOf } from '../framework/result.ts';
import type { SharedInformer } from '../framework/shared-informer.ts';
import { assignedNodeOf, isTerminal, podInfoOf } from './cache/pod-info.ts';
import type { SchedulerCache } from './cache/scheduler-cache.ts';
import { sameStringMap } from './cache/node-info.ts';
import type { SchedulingQueue } from './queue/scheduling-queue.ts';

export interface HandlerTargets {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  schedulerName: string;
}

function schedulerNameOf(pod: KubeObject): string {
  const spec = pod['spec'];
  const name = typeof spec === 'object' && spec !== null && 'schedulerName' in spec ? spec.schedulerName : undefined;
  return typeof name === 'string' && name !== '' ? name : 'default-scheduler';
}

/** A pod this scheduler should place: its schedulerName, not yet on a node, not being deleted, not finished. */
function wantsScheduling(pod: KubeObject, schedulerName: string): boolean {
  return schedulerNameOf(pod) === schedulerName && assignedNodeOf(pod) === '' && pod.metadata.deletionTimestamp === undefined && !isTerminal(pod);
}

/**
 * Keeps the scheduler cache and queue in step with the Pod and Node
 * informers, as kube-scheduler's event handlers do: assigned pods go into the
 * cache (confirming assumptions), pending pods into the queue, and each
 * change that may make room is announced to the queue as a ClusterEvent. The
 * cache mirrors the informer, so acting on the object here is level-based.
 */
export function wireInformers(pods: SharedInformer, nodes: SharedInformer, { cache, queue, schedulerName }: HandlerTargets): void {
  const assignedChanged = (pod: KubeObject, previous: KubeObject | undefined): void => {
    const key = objectKeyOf(pod.metadata);
    queue.delete(key);
    if (isTerminal(pod)) {
      if (cache.removePod(key) !== undefined) queue.onClusterEvent('AssignedPodDelete');
      return;
    }
    const known = cache.hasPod(key) && !cache.isAssumed(key);
    // The assumed view too: the binding shares all of the spec but nodeName with the version it was made from.
    cache.setPod(podInfoOf(pod, cache.podInfo(key)));
    if (!known || previous === undefined || assignedNodeOf(previous) === '') queue.onClusterEvent('AssignedPodAdd');
    else if (!sameStringMap(previous.metadata.labels ?? {}, pod.metadata.labels ?? {})) queue.onClusterEvent('AssignedPodUpdate');
  };

  const pendingChanged = (pod: KubeObject, previous: KubeObject | undefined): void => {
    const key = objectKeyOf(pod.metadata);
    if (!wantsScheduling(pod, schedulerName)) {
      queue.delete(key);
      return;
    }
    // Being bound right now: the informer will bring the bound version.
    if (cache.isAssumed(key)) return;
    if (!queue.has(key)) {
      queue.add(podInfoOf(pod));
      return;
    }
    const mayNowFit =
      previous === undefined ||
      previous.metadata.generation !== pod.metadata.generation ||
      !sameStringMap(previous.metadata.labels ?? {}, pod.metadata.labels ?? {});
    queue.update(podInfoOf(pod), mayNowFit);
  };

  pods.addHandlers({
    onAdd: (pod) => (assignedNodeOf(pod) === '' ? pendingChanged(pod, undefined) : assignedChanged(pod, undefined)),
    onUpdate: (previous, pod) => (assignedNodeOf(pod) === '' ? pendingChanged(pod, previous) : assignedChanged(pod, previous)),
    onDelete: (pod) => {
      const key = objectKeyOf(pod.metadata);
      queue.delete(key);
      if (cache.removePod(key) !== undefined) queue.onClusterEvent('AssignedPodDelete');
    },
  });

  const nodeChanged = (node: KubeObject): void => {
    for (const event of cache.setNode(node)) queue.onClusterEvent(event);
  };
  nodes.addHandlers({
    onAdd: nodeChanged,
    onUpdate: (_previous, node) => nodeChanged(node),
    onDelete: (node) => cache.removeNode(node.metadata.name ?? ''),
  });
}
