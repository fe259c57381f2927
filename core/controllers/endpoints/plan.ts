import type { KubeObject } from '../../api/types/meta.ts';
import { ANNOTATION_LAST_CHANGE_TRIGGER_TIME, formatRFC3339Nano, LABEL_HEADLESS } from '../endpointslice/objects.ts';
import { findPort, isIPv6, shouldPodBeInEndpoints, shouldSetHostname } from '../endpointslice/pod-endpoint.ts';
import type { PodView } from '../endpointslice/pod-view.ts';
import { isServiceIPSet, type ServiceView } from '../endpointslice/service-view.ts';
import { repackSubsets, subsetsEqual, subsetsOf, type EndpointAddress, type EndpointSubset, type EndpointsPort } from './subsets.ts';
import { ANNOTATION_OVER_CAPACITY, capacityAnnotationSetCorrectly, TRUNCATED, truncateSubsets } from './truncate.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

/**
 * The Endpoints controller's decision for one Service (syncService in
 * pkg/controller/endpoint/endpoints_controller.go): the core/v1 Endpoints of
 * the same name listing the selected pods, ready ones under `addresses`,
 * others under `notReadyAddresses`, one subset per distinct set of ports.
 * Pure: the caller reads the caches and writes.
 */

export interface EndpointsPlanInput {
  service: ServiceView;
  /** the pods the Service's selector matches, in its namespace */
  pods: readonly PodView[];
  /** the Endpoints of the Service's name now, if any */
  current: KubeObject | undefined;
  /** for the last-change-trigger-time annotation; removed when undefined */
  triggerTimeMs?: number | undefined;
}

export type EndpointsPlan = { action: 'none' } | { action: 'create' | 'update'; endpoints: KubeObject };

/**
 * podToEndpointAddressForService: the pod's IP of the Service's (first)
 * family; undefined when the pod has none of that family.
 */
export function endpointAddress(service: ServiceView, pod: PodView): EndpointAddress | undefined {
  let wantIPv6: boolean;
  const family = service.ipFamilies[0];
  if (family !== undefined) wantIPv6 = family === 'IPv6';
  else if (isServiceIPSet(service)) wantIPv6 = isIPv6(service.clusterIP);
  else wantIPv6 = isIPv6(pod.podIPs[0] ?? '');
  const ip = pod.podIPs.find((candidate) => isIPv6(candidate) === wantIPv6);
  if (ip === undefined) return undefined;
  return {
    ip,
    ...(shouldSetHostname(pod, service) ? { hostname: pod.hostname } : {}),
    ...(pod.nodeName === '' ? {} : { nodeName: pod.nodeName }),
    targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid },
  };
}

/** The subsets before repacking: one per pod and port, ready when the pod is (or not-ready addresses are published). */
export function podSubsets(service: ServiceView, pods: readonly PodView[]): EndpointSubset[] {
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    // Terminating pods are left out, unless not-ready addresses are published.
    if (!shouldPodBeInEndpoints(pod, service.publishNotReadyAddresses)) continue;
    const address = endpointAddress(service, pod);
    if (address === undefined) continue;
    const ready = service.publishNotReadyAddresses || pod.ready;
    const entry = (ports: EndpointsPort[]): EndpointSubset => (ready ? { addresses: [address], ports } : { notReadyAddresses: [address], ports });
    if (service.ports.length === 0) {
      // A headless Service may have no ports; any other Service without ports has no endpoints.
      if (service.clusterIP === 'None') subsets.push(entry([]));
      continue;
    }
    for (const servicePort of service.ports) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      subsets.push(
        entry([
          {
            ...(servicePort.name === '' ? {} : { name: servicePort.name }),
            port,
            protocol: servicePort.protocol,
            ...(servicePort.appProtocol === undefined ? {} : { appProtocol: servicePort.appProtocol }),
          },
        ]),
      );
    }
  }
  return repackSubsets(subsets);
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
}

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const { [LABEL_HEADLESS]: _headless, ...rest } = labels ?? {};
  return rest;
}

/** Go's omitempty: no empty lists in what is written. */
function compact(subset: EndpointSubset): EndpointSubset {
  const out: EndpointSubset = {};
  if (subset.addresses !== undefined && subset.addresses.length > 0) out.addresses = subset.addresses;
  if (subset.notReadyAddresses !== undefined && subset.notReadyAddresses.length > 0) out.notReadyAddresses = subset.notReadyAddresses;
  if (subset.ports !== undefined && subset.ports.length > 0) out.ports = subset.ports;
  return out;
}

export function planEndpoints(input: EndpointsPlanInput): EndpointsPlan {
  const { service, current } = input;
  const byName = [...input.pods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subsets = podSubsets(service, byName);

  // Nothing to write when the subsets, the Service's labels and the capacity mark already match.
  if (
    current !== undefined &&
    subsetsEqual(subsetsOf(current), subsets) &&
    sameLabels(withoutHeadless(current.metadata.labels), service.labels) &&
    capacityAnnotationSetCorrectly(current.metadata.annotations, subsetsOf(current))
  ) {
    return { action: 'none' };
  }

  const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
  if (input.triggerTimeMs === undefined) delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
  else annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = formatRFC3339Nano(input.triggerTimeMs);
  const truncated = truncateSubsets(subsets);
  if (truncated === undefined) delete annotations[ANNOTATION_OVER_CAPACITY];
  else annotations[ANNOTATION_OVER_CAPACITY] = TRUNCATED;

  const labels: Record<string, string> = { ...withoutHeadless(service.labels) };
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = '';

  const written = (truncated ?? subsets).map(compact);
  const base: KubeObject = current === undefined ? { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: service.name, namespace: service.namespace } } : cloneJson(current);
  const { subsets: _old, ...rest } = base;
  const endpoints: KubeObject = {
    ...rest,
    metadata: { ...base.metadata, labels, annotations },
    ...(written.length === 0 ? {} : { subsets: written }),
  };
  if (Object.keys(annotations).length === 0) delete endpoints.metadata.annotations;
  return { action: current === undefined ? 'create' : 'update', endpoints };
}
