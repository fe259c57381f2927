import { endpointKey, portMapKey } from './endpoint-keys.ts';
import { CONTROLLER_NAME, endpointsOf, portsOf, type AddressType, type Endpoint, type EndpointPort, type EndpointSlice } from './objects.ts';
import { addressTypesForService, endpointPorts, podToEndpoint, shouldPodBeInEndpoints, type NodeInfo } from './pod-endpoint.ts';
import type { PodView } from './pod-view.ts';
import { planPortMapping } from './port-mapping.ts';
import type { ServiceView } from './service-view.ts';
import { newEndpointSlice, ownedBy, withTriggerTime } from './slice-meta.ts';

/**
 * The EndpointSlice reconciler's decision for one Service (k8s.io/endpointslice
 * reconciler.go): which slices to create, update and delete so that the
 * Service's selected pods are its endpoints, grouped by the ports they serve.
 * Pure: the caller lists the pods and slices and carries the writes out.
 */

/** --max-endpoints-per-slice's default */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlanInput {
  service: ServiceView;
  /** the pods the Service's selector matches, in its namespace */
  pods: readonly PodView[];
  /** the slices labelled for this Service and managed by this controller, none being deleted */
  existing: readonly EndpointSlice[];
  /** the pod's node, undefined when no such Node exists */
  node(name: string): NodeInfo | undefined;
  controllerName?: string;
  maxEndpointsPerSlice?: number;
  /** the last-change-trigger-time annotation of every slice written; removed when undefined */
  triggerTimeMs?: number | undefined;
}

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
  /** pods left out because their Node does not exist (yet); the sync is retried for them */
  skipped: string[];
}

export function isEmptyPlan(plan: SlicePlan): boolean {
  return plan.create.length === 0 && plan.update.length === 0 && plan.delete.length === 0;
}

const byName = (a: PodView, b: PodView): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const x = a ?? {};
  const y = b ?? {};
  return Object.keys(x).length === Object.keys(y).length && Object.entries(x).every(([k, v]) => y[k] === v);
}

/** placeholderSliceCompare: an existing placeholder is kept rather than deleted and made again. */
function samePlaceholder(existing: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    existing.metadata.namespace === placeholder.metadata.namespace &&
    sameLabels(existing.metadata.labels, placeholder.metadata.labels) &&
    existing.addressType === placeholder.addressType &&
    endpointsOf(existing).length === 0 &&
    portsOf(existing).length === 0
  );
}

interface DesiredGroup {
  ports: EndpointPort[];
  endpoints: Map<string, Endpoint>;
}

function planAddressType(input: SlicePlanInput, existing: readonly EndpointSlice[], addressType: AddressType, skipped: string[]): SlicePlan {
  const { service } = input;
  const controllerName = input.controllerName ?? CONTROLLER_NAME;
  const max = input.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const toDelete: EndpointSlice[] = [];
  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    if (!ownedBy(slice, service)) {
      // A slice of an earlier Service of the same name, waiting for the garbage collector.
      toDelete.push(slice);
      continue;
    }
    const key = portMapKey(portsOf(slice));
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }

  const desired = new Map<string, DesiredGroup>();
  for (const pod of [...input.pods].sort(byName)) {
    // Terminating pods stay, marked terminating, so proxies can drain them.
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portMapKey(ports);
    let group = desired.get(key);
    if (group === undefined) {
      group = { ports, endpoints: new Map() };
      desired.set(key, group);
    }
    const node = input.node(pod.nodeName);
    if (node === undefined && !service.publishNotReadyAddresses) {
      skipped.push(`skipping Pod ${pod.name} for Service ${service.namespace}/${service.name}: Node ${pod.nodeName} Not Found`);
      continue;
    }
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (endpoint.addresses.length > 0) group.endpoints.set(endpointKey(endpoint), endpoint);
  }

  let create: EndpointSlice[] = [];
  const update: EndpointSlice[] = [];
  for (const [key, group] of desired) {
    const plan = planPortMapping({ service, existing: existingByPorts.get(key) ?? [], desired: group.endpoints, ports: group.ports, addressType, maxEndpointsPerSlice: max, controllerName });
    create.push(...plan.create);
    update.push(...plan.update);
    toDelete.push(...plan.delete);
  }
  for (const [key, slices] of existingByPorts) if (!desired.has(key)) toDelete.push(...slices);

  // A Service with no endpoints still gets one empty slice, so consumers can tell "none" from "not yet".
  if (existing.length === toDelete.length && create.length === 0) {
    const placeholder = newEndpointSlice(service, [], addressType, controllerName);
    const only = toDelete[0];
    if (toDelete.length === 1 && only !== undefined && samePlaceholder(only, placeholder)) toDelete.length = 0;
    else create.push(placeholder);
  }

  // finalize: a slice about to be deleted is reused for a creation rather than deleted and made anew.
  for (let i = 0; i < toDelete.length && create.length > 0; ) {
    const doomed = toDelete[i];
    const fresh = create[create.length - 1];
    if (doomed === undefined || fresh === undefined) break;
    if (doomed.addressType === fresh.addressType && ownedBy(doomed, service)) {
      create.pop();
      const { generateName: _generated, ...meta } = fresh.metadata;
      update.push({ ...fresh, metadata: { ...meta, name: doomed.metadata.name ?? '', ...(doomed.metadata.resourceVersion === undefined ? {} : { resourceVersion: doomed.metadata.resourceVersion }) } });
      toDelete.splice(i, 1);
    } else {
      i++;
    }
  }

  // New slices would race the garbage collector of a Service being deleted.
  if (service.deleting) create = [];
  const stamp = (slice: EndpointSlice): EndpointSlice => withTriggerTime(slice, input.triggerTimeMs);
  return { create: create.map(stamp), update: update.map(stamp), delete: toDelete, skipped };
}

/**
 * Reconcile: slices of an address type the Service no longer has are
 * deleted; each remaining address type is planned on its own.
 */
export function planEndpointSlices(input: SlicePlanInput): SlicePlan {
  const supported = addressTypesForService(input.service);
  const result: SlicePlan = { create: [], update: [], delete: [], skipped: [] };
  const byType = new Map<AddressType, EndpointSlice[]>();
  for (const slice of input.existing) {
    const type = slice.addressType;
    // FQDN or the deprecated IP type never come from this controller's Services either.
    if ((type !== 'IPv4' && type !== 'IPv6') || !supported.includes(type)) result.delete.push(slice);
    else byType.set(type, [...(byType.get(type) ?? []), slice]);
  }
  for (const type of supported) {
    const plan = planAddressType(input, byType.get(type) ?? [], type, result.skipped);
    result.create.push(...plan.create);
    result.update.push(...plan.update);
    result.delete.push(...plan.delete);
  }
  return result;
}
