import { isRecord, type KubeObject } from '../../api/types/meta.ts';

/** kube-scheduler's ErrNoNodesAvailable */
const NO_NODES = 'no nodes available to schedule pods';

/**
 * Whether the provisioner should find room for a pod: the scheduler tried
 * and found no node (PodScheduled=False, reason Unschedulable), and the pod
 * is neither bound, finished nor going away. A cluster with no node at all
 * (a pool of min 0) gets "no nodes available to schedule pods", reason
 * Unschedulable, as kube-scheduler writes it; reason SchedulerError
 * with that message, as older schedulers (and this one before) wrote it,
 * counts too. DaemonSet pods are left out:
 * a new node brings its own, so they never justify one (Karpenter does the same).
 */
export function isProvisionable(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp !== undefined) return false;
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  if (typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '') return false;
  if (pod.metadata.ownerReferences?.some((o) => o.controller === true && o.kind === 'DaemonSet') === true) return false;
  const status = isRecord(pod['status']) ? pod['status'] : {};
  if (status['phase'] === 'Succeeded' || status['phase'] === 'Failed') return false;
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c) => isRecord(c) && c['type'] === 'PodScheduled' && c['status'] === 'False' && (c['reason'] === 'Unschedulable' || (c['reason'] === 'SchedulerError' && c['message'] === NO_NODES)));
}

/** `namespace/name`, the key pods are nominated and reported under */
export function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}
