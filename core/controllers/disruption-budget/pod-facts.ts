import { isRecord, type KubeObject, type OwnerReference } from '../../api/types/meta.ts';

/** What the disruption controller and the eviction subresource read off a pod (k8s.io/kubernetes/pkg/api/v1/pod). */

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

function isPodCondition(value: unknown): value is PodCondition {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['status'] === 'string';
}

export function podConditions(pod: KubeObject): PodCondition[] {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  return Array.isArray(status['conditions']) ? status['conditions'].filter(isPodCondition) : [];
}

export function podCondition(pod: KubeObject, type: string): PodCondition | undefined {
  return podConditions(pod).find((c) => c.type === type);
}

/** podutil.IsPodReady */
export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

export function podPhase(pod: KubeObject): string {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  return typeof status['phase'] === 'string' ? status['phase'] : '';
}

export function isTerminating(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
}

/** metav1.GetControllerOf */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
}

/** Milliseconds since the epoch of an RFC 3339 time, or undefined for Go's zero time. */
export function timeMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
