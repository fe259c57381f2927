import { objectKeyOf } from '../framework/result.ts';
import { isPodTerminal } from './pod-endpoint.ts';
import type { PodView } from './pod-view.ts';
import { selectorMatches, type ServiceView } from './service-view.ts';

/**
 * Which Services a pod event concerns (k8s.io/endpointslice/util:
 * GetPodServiceMemberships, GetServicesToUpdateOnPodChange), shared by the
 * Endpoints and EndpointSlice controllers.
 */

/** Keys of the Services (of the pod's namespace) whose selector matches these labels; no selector matches nothing. */
export function servicesSelecting(services: readonly ServiceView[], namespace: string, labels: Record<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const service of services) {
    if (service.namespace === namespace && selectorMatches(service.selector, labels)) keys.add(objectKeyOf(service));
  }
  return keys;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => b[i] === v);
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
}

/**
 * podEndpointsChanged: whether the pod's endpoint may look different
 * (deletion, readiness, addresses, or it finished) and whether the Services
 * selecting it may differ (labels; hostname and subdomain, which decide the
 * endpoint's hostname).
 */
export function podEndpointsChanged(oldPod: PodView, newPod: PodView): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged = !sameLabels(oldPod.labels, newPod.labels) || oldPod.hostname !== newPod.hostname || oldPod.subdomain !== newPod.subdomain;
  const podChanged =
    oldPod.deleting !== newPod.deleting ||
    oldPod.ready !== newPod.ready ||
    !sameStrings(oldPod.podIPs, newPod.podIPs) ||
    // Kubernetes relies on the kubelet turning a finished pod unready; a simulated node may not.
    isPodTerminal(oldPod) !== isPodTerminal(newPod);
  return { podChanged, labelsChanged };
}

/**
 * The Services to sync after a pod update: none when nothing relevant
 * changed; the Services of its labels when only the pod changed; with new
 * labels, every Service of either label set if the pod changed too, else
 * only those it joined or left.
 */
export function servicesForPodUpdate(services: readonly ServiceView[], oldPod: PodView, newPod: PodView): Set<string> {
  if (oldPod.resourceVersion !== '' && oldPod.resourceVersion === newPod.resourceVersion) return new Set();
  const { podChanged, labelsChanged } = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const current = servicesSelecting(services, newPod.namespace, newPod.labels);
  if (!labelsChanged) return current;
  const previous = servicesSelecting(services, oldPod.namespace, oldPod.labels);
  if (podChanged) return new Set([...current, ...previous]);
  const joinedOrLeft = new Set<string>();
  for (const key of current) if (!previous.has(key)) joinedOrLeft.add(key);
  for (const key of previous) if (!current.has(key)) joinedOrLeft.add(key);
  return joinedOrLeft;
}
