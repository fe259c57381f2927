import { isIPv6 } from 'node:net';
import type { KubeObject, OwnerReference } from '../../core/index.ts';

/**
 * The API objects that make the cluster DNS look as it does in Kubernetes:
 * the `kube-dns` Service in kube-system (the name kubeadm gives CoreDNS's
 * Service, and the one node agents read for pods' resolv.conf), its
 * Endpoints and its EndpointSlices. The Service has no selector: no pod
 * backs it, this server does, so this plugin writes the endpoints itself.
 */
export const KUBE_DNS_NAMESPACE = 'kube-system';
export const KUBE_DNS_NAME = 'kube-dns';
export const KUBE_DNS_SLICE_NAME = 'kube-dns-kubernel';
/** the EndpointSlice controller leaves slices another manager labels as its own */
export const MANAGED_BY = 'discovery-dns.kubernel.dev';

const SERVICE_LABELS = {
  'k8s-app': 'kube-dns',
  'kubernetes.io/cluster-service': 'true',
  'kubernetes.io/name': 'CoreDNS',
};

const DNS_PORT = 53;

export function kubeDnsService(clusterIP: string, targetPort: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: KUBE_DNS_NAME, namespace: KUBE_DNS_NAMESPACE, labels: { ...SERVICE_LABELS } },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      ports: [
        { name: 'dns', port: DNS_PORT, protocol: 'UDP', targetPort },
        { name: 'dns-tcp', port: DNS_PORT, protocol: 'TCP', targetPort },
      ],
    },
  };
}

function endpointPorts(port: number): { name: string; port: number; protocol: string }[] {
  return [
    { name: 'dns', port, protocol: 'UDP' },
    { name: 'dns-tcp', port, protocol: 'TCP' },
  ];
}

/** Endpoints: skip-mirror, since this plugin writes the EndpointSlices too (the mirroring controller would duplicate them). */
export function kubeDnsEndpoints(ips: readonly string[], port: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: KUBE_DNS_NAME,
      namespace: KUBE_DNS_NAMESPACE,
      labels: { ...SERVICE_LABELS, 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: endpointPorts(port) }],
  };
}

export function sliceName(family: 'IPv4' | 'IPv6'): string {
  return family === 'IPv4' ? KUBE_DNS_SLICE_NAME : `${KUBE_DNS_SLICE_NAME}-ipv6`;
}

/** One slice per address family, as EndpointSlices require; owned by the Service, so deleting it removes them. */
export function kubeDnsEndpointSlices(ips: readonly string[], port: number, owner: OwnerReference | undefined): KubeObject[] {
  const families = [
    { family: 'IPv4' as const, ips: ips.filter((ip) => !isIPv6(ip)) },
    { family: 'IPv6' as const, ips: ips.filter((ip) => isIPv6(ip)) },
  ];
  return families
    .filter(({ ips: list }) => list.length > 0)
    .map(({ family, ips: list }) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: sliceName(family),
        namespace: KUBE_DNS_NAMESPACE,
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/service-name': KUBE_DNS_NAME, 'endpointslice.kubernetes.io/managed-by': MANAGED_BY },
        ...(owner === undefined ? {} : { ownerReferences: [owner] }),
      },
      addressType: family,
      endpoints: list.map((ip) => ({ addresses: [ip], conditions: { ready: true, serving: true, terminating: false } })),
      ports: endpointPorts(port),
    }));
}

export function serviceOwnerReference(service: KubeObject): OwnerReference | undefined {
  const uid = service.metadata.uid;
  if (uid === undefined) return undefined;
  return { apiVersion: 'v1', kind: 'Service', name: KUBE_DNS_NAME, uid, controller: true, blockOwnerDeletion: true };
}
