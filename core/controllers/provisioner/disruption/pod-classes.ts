/**
 * Which pods on a node matter to disruption, as Karpenter's pod utilities
 * classify them: reschedulable pods make a node non-empty and must fit
 * elsewhere; evictable pods are the ones PodDisruptionBudgets guard.
 */
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import { DisruptionKeys } from './resources.ts';

export function isTerminalPod(pod: KubeObject): boolean {
  const status = pod['status'];
  const phase = isRecord(status) ? status['phase'] : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isTerminatingPod(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** neither finished nor on its way out: it holds resources and counts (IsActive) */
export function isActivePod(pod: KubeObject): boolean {
  return !isTerminalPod(pod) && !isTerminatingPod(pod);
}

export function isDaemonSetPod(pod: KubeObject): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet' && o.apiVersion === 'apps/v1');
}

/** a static pod's API copy: owned by its Node, or marked by the kubelet */
export function isMirrorPod(pod: KubeObject): boolean {
  if (pod.metadata.annotations?.[DisruptionKeys.mirrorPod] !== undefined) return true;
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === 'Node' && o.apiVersion === 'v1');
}

export function hasDoNotDisrupt(object: KubeObject): boolean {
  return object.metadata.annotations?.[DisruptionKeys.doNotDisrupt] === 'true';
}

/** pods that would need a new home if the node went away (IsReschedulable, without the StatefulSet nuance) */
export function isReschedulablePod(pod: KubeObject): boolean {
  return isActivePod(pod) && !isDaemonSetPod(pod) && !isMirrorPod(pod);
}

/** pods the drain would evict through pods/eviction, so PDBs apply to them (IsEvictable) */
export function isEvictablePod(pod: KubeObject): boolean {
  return isActivePod(pod) && !isMirrorPod(pod) && !hasDoNotDisrupt(pod);
}

/** a running pod that asks not to be disrupted blocks its node (IsDisruptable) */
export function blocksDisruption(pod: KubeObject): boolean {
  return isActivePod(pod) && hasDoNotDisrupt(pod);
}

const DELETION_COST_SCALE = 2 ** 27;
const PRIORITY_SCALE = 2 ** 25;

/**
 * Karpenter's EvictionCost: 1 per pod, nudged by pod-deletion-cost and
 * priority, clamped to [-10, 10]; a node's disruption cost is the sum over
 * its reschedulable pods, so nodes with fewer, cheaper pods go first.
 */
export function evictionCost(pod: KubeObject): number {
  let cost = 1;
  const deletionCost = Number(pod.metadata.annotations?.[DisruptionKeys.podDeletionCost]);
  if (Number.isFinite(deletionCost)) cost += deletionCost / DELETION_COST_SCALE;
  const spec = pod['spec'];
  const priority = isRecord(spec) ? spec['priority'] : undefined;
  if (typeof priority === 'number') cost += priority / PRIORITY_SCALE;
  return Math.min(Math.max(cost, -10), 10);
}
