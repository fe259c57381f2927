import type { OwnerReference } from '../../api/types/meta.ts';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  formatRFC3339Nano,
  LABEL_HEADLESS,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  type AddressType,
  type EndpointPort,
  type EndpointSlice,
} from './objects.ts';
import { isServiceIPSet, type ServiceView } from './service-view.ts';

/** Names, labels and owners of the slices a Service gets (k8s.io/endpointslice utils.go). */

const RESERVED_LABELS = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS]);

/** metav1.NewControllerRef to the Service: the garbage collector deletes its slices with it. */
export function serviceControllerRef(service: ServiceView): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: service.name, uid: service.uid, controller: true, blockOwnerDeletion: true };
}

/** ownedBy: a slice with an owner reference to this very Service (same uid), not to an older one of the same name. */
export function ownedBy(slice: EndpointSlice, service: ServiceView): boolean {
  return (slice.metadata.ownerReferences ?? []).some((o) => o.uid === service.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

function withoutReserved(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) if (!RESERVED_LABELS.has(key)) out[key] = value;
  return out;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/**
 * setEndpointSliceLabels: a slice carries its Service's labels, except the
 * reserved ones, which the controller sets itself. `changed` says whether the
 * Service's own labels differ from the slice's (the reserved ones never make
 * a slice change).
 */
export function sliceLabels(current: Record<string, string> | undefined, service: ServiceView, controllerName: string): { labels: Record<string, string>; changed: boolean } {
  const fromService = withoutReserved(service.labels);
  const changed = !sameLabels(withoutReserved(current), fromService);
  const labels: Record<string, string> = { ...fromService };
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = service.name;
  labels[LABEL_MANAGED_BY] = controllerName;
  return { labels, changed };
}

/** newEndpointSlice: an empty slice named `<service>-<random>` by the API server. */
export function newEndpointSlice(service: ServiceView, ports: EndpointPort[], addressType: AddressType, controllerName: string): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      // Service names are DNS labels (at most 63 characters): the dash always fits.
      generateName: `${service.name}-`,
      namespace: service.namespace,
      labels: sliceLabels(undefined, service, controllerName).labels,
      ownerReferences: [serviceControllerRef(service)],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** addTriggerTimeAnnotation: set to the trigger time, or removed when there is none. */
export function withTriggerTime(slice: EndpointSlice, triggerTimeMs: number | undefined): EndpointSlice {
  const annotations = { ...(slice.metadata.annotations ?? {}) };
  if (triggerTimeMs === undefined) delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
  else annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = formatRFC3339Nano(triggerTimeMs);
  return { ...slice, metadata: { ...slice.metadata, annotations } };
}

/** ServiceControllerKey: `namespace/service` from the slice's service-name label, or undefined without one. */
export function serviceKeyOfSlice(slice: { metadata: { namespace?: string; labels?: Record<string, string> } }): string | undefined {
  const name = slice.metadata.labels?.[LABEL_SERVICE_NAME];
  if (name === undefined || name === '') return undefined;
  return `${slice.metadata.namespace ?? ''}/${name}`;
}

export function managedBy(slice: { metadata: { labels?: Record<string, string> } }, controllerName: string): boolean {
  return slice.metadata.labels?.[LABEL_MANAGED_BY] === controllerName;
}
