import type { OwnerReference } from '../../api/types/meta.ts';
import type { Pod, PodCondition } from './objects.ts';

/**
 * What a pod's status means to the workload controllers, as
 * k8s.io/kubernetes/pkg/api/v1/pod and pkg/controller do: active, ready,
 * available after minReadySeconds.
 */

/** A pod that is neither finished nor being deleted (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

export function readyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Milliseconds since the epoch of an RFC 3339 time; undefined for Go's zero time (absent or unparsable). */
export function timeMs(value: string | null | undefined): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * How long until a pod counts as available (podutil.IsPodAvailable): 0 when it
 * is, the remaining milliseconds when it is ready but not for minReadySeconds
 * yet, undefined when it is not ready or never will be by this clock.
 */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, nowMs: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  if (minReadySeconds <= 0) return 0;
  const since = timeMs(readyCondition(pod)?.lastTransitionTime);
  if (since === undefined) return undefined;
  // Kubernetes asks for lastTransitionTime + minReadySeconds to be strictly before now.
  const availableAt = since + minReadySeconds * 1000;
  return availableAt < nowMs ? 0 : availableAt - nowMs + 1;
}

/**
 * Whether an update of an owned pod can change what a ReplicaSet sync
 * decides, beside its labels and owners (which the handlers compare): its
 * phase (active or finished) and its Ready condition (ready, and since when,
 * for availability). A binding, a restart count or another condition changes
 * no count and no claim, so it needs no sync; a sync for any other reason
 * reads them as they are then.
 */
export function syncInputsChanged(before: Pod, after: Pod): boolean {
  if (before.status?.phase !== after.status?.phase) return true;
  const was = readyCondition(before);
  const is = readyCondition(after);
  return was?.status !== is?.status || was?.lastTransitionTime !== is?.lastTransitionTime;
}

export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return msUntilAvailable(pod, minReadySeconds, nowMs) === 0;
}

export function nodeNameOf(pod: Pod): string {
  return pod.spec?.nodeName ?? '';
}

/** The highest restart count of the pod's containers (controller.maxContainerRestarts). */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const status of pod.status?.containerStatuses ?? []) max = Math.max(max, status.restartCount ?? 0);
  return max;
}

/** metav1.GetControllerOf: the owner reference marked controller, if any. */
export function controllerRefOf(obj: { metadata: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}
