import type { AddressType, Endpoint, EndpointPort } from './objects.ts';
import type { PodView } from './pod-view.ts';
import type { ServicePortView, ServiceView } from './service-view.ts';

/**
 * How one pod becomes an endpoint of one Service, as
 * k8s.io/endpointslice (utils.go, util/controller_utils.go) decides it.
 */

/** pod.IsPodTerminal: Succeeded or Failed, never to run again */
export function isPodTerminal(pod: PodView): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed';
}

/**
 * ShouldPodBeInEndpoints: a pod that still runs and has an address; a
 * terminating one only when `includeTerminating`.
 */
export function shouldPodBeInEndpoints(pod: PodView, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (pod.podIPs.length === 0) return false;
  // Endpoints may not hold loopback addresses (the API refuses them, as Kubernetes'); a pod of the process
  // runtime shares the host's 127.0.0.1 and cannot be a Service endpoint (plugins/runtime-process/README.md).
  if (pod.podIPs.every((ip) => ip.startsWith('127.') || ip === '::1')) return false;
  return includeTerminating || !pod.deleting;
}

/** ShouldSetHostname: the pod names this Service as its subdomain and has a hostname. */
export function shouldSetHostname(pod: PodView, service: ServiceView): boolean {
  return pod.hostname !== '' && pod.subdomain === service.name && service.namespace === pod.namespace;
}

/**
 * FindPort: a numeric targetPort as is; a named one looked up in the pod's
 * container ports (then its sidecars') with the same protocol. Undefined when
 * the pod has no such port.
 */
export function findPort(pod: PodView, servicePort: ServicePortView): number | undefined {
  const target = servicePort.targetPort;
  if (typeof target === 'number') return target;
  // An int-or-string holding digits is still a name here, as in Go: only the Int type is a number.
  return pod.containerPorts.find((p) => p.name === target && p.protocol === servicePort.protocol)?.containerPort;
}

/** isIPv6 by its text: any colon (IPv4-mapped IPv6 addresses print as IPv4 in Go). */
export function isIPv6(ip: string): boolean {
  return ip.includes(':') && !/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip);
}

/**
 * getEndpointPorts: one port per Service port the pod can serve, named and
 * typed as the Service port. A headless Service may have none.
 */
export function endpointPorts(service: ServiceView, pod: PodView): EndpointPort[] {
  if (service.ports.length === 0 && service.clusterIP === 'None') return [];
  const ports: EndpointPort[] = [];
  for (const servicePort of service.ports) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    ports.push({
      name: servicePort.name,
      port,
      protocol: servicePort.protocol,
      ...(servicePort.appProtocol === undefined ? {} : { appProtocol: servicePort.appProtocol }),
    });
  }
  return ports;
}

/** getEndpointAddresses: the pod's IPs of one family. */
export function endpointAddresses(pod: PodView, addressType: AddressType): string[] {
  return pod.podIPs.filter((ip) => isIPv6(ip) === (addressType === 'IPv6'));
}

export interface NodeInfo {
  /** topology.kubernetes.io/zone, when the node has it */
  zone: string | undefined;
}

/**
 * podToEndpoint: serving follows the Ready condition; ready is serving and
 * not terminating (or always, with publishNotReadyAddresses), so a draining
 * pod stops getting new connections while it may finish old ones.
 */
export function podToEndpoint(pod: PodView, node: NodeInfo | undefined, service: ServiceView, addressType: AddressType): Endpoint {
  const serving = pod.ready;
  const terminating = pod.deleting;
  const ready = service.publishNotReadyAddresses || (serving && !terminating);
  const zone = node?.zone;
  return {
    addresses: endpointAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(pod, service) ? { hostname: pod.hostname } : {}),
    targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid },
    ...(pod.nodeName === '' ? {} : { nodeName: pod.nodeName }),
    ...(zone === undefined || zone === '' ? {} : { zone }),
  };
}

/**
 * getAddressTypesForService: the Service's IP families; without them (an old
 * API server), the family of its cluster IP, or both for a headless Service.
 */
export function addressTypesForService(service: ServiceView): AddressType[] {
  const types = new Set<AddressType>();
  for (const family of service.ipFamilies) {
    if (family === 'IPv4') types.add('IPv4');
    if (family === 'IPv6') types.add('IPv6');
  }
  if (types.size > 0) return [...types];
  if (service.clusterIP !== '' && service.clusterIP !== 'None') return [isIPv6(service.clusterIP) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}
