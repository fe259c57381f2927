import { isRecord, type KubeObject } from '../../../api/types/meta.ts';

/** The kubelet's annotation on a mirror pod (a static pod's API copy): evicting it does nothing. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export interface DrainPlan {
  /** pods to evict through the eviction API */
  evict: KubeObject[];
  /** pods already terminating: waited for */
  terminating: KubeObject[];
}

function phaseOf(pod: KubeObject): unknown {
  return isRecord(pod['status']) ? pod['status']['phase'] : undefined;
}

export function isDaemonSetPod(pod: KubeObject): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet' && o.controller === true);
}

export function isMirrorPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
}

/**
 * What draining a node must do with its pods, as kubectl drain and Karpenter's
 * terminator decide: DaemonSet pods (their controller would put them back)
 * and mirror pods (the kubelet owns them) stay; pods that have finished have
 * nothing to move; terminating pods are waited for; the rest are evicted.
 */
export function drainPlan(pods: readonly KubeObject[]): DrainPlan {
  const plan: DrainPlan = { evict: [], terminating: [] };
  for (const pod of pods) {
    if (isDaemonSetPod(pod) || isMirrorPod(pod)) continue;
    const phase = phaseOf(pod);
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    if (pod.metadata.deletionTimestamp !== undefined) plan.terminating.push(pod);
    else plan.evict.push(pod);
  }
  return plan;
}
