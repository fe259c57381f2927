import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { UnreachableNodeError } from './pod-proxy-failure.ts';

/** kubelet's port when a Node does not publish one (kube-apiserver's --kubelet-port). */
export const DEFAULT_KUBELET_PORT = 10250;

/** Which node address the API server dials, best first: a local node's InternalIP, else its name. */
const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'Hostname', 'InternalDNS', 'ExternalIP', 'ExternalDNS'] as const;

export interface NodeEndpoint {
  host: string;
  port: number;
}

/** `host:port`, with brackets around an IPv6 address as Go's net.JoinHostPort writes it. */
export function joinHostPort({ host, port }: NodeEndpoint): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Where a node's agent listens: its preferred `status.addresses` entry and
 * `status.daemonEndpoints.kubeletEndpoint.Port`, as kube-apiserver's
 * NodeConnectionInfoGetter reads them. No usable address is an error without
 * a reason, as Kubernetes reports it.
 */
export function nodeEndpoint(node: KubeObject): NodeEndpoint {
  const status = isRecord(node['status']) ? node['status'] : {};
  const addresses = Array.isArray(status['addresses']) ? status['addresses'].filter(isRecord) : [];
  let host: string | undefined;
  for (const type of PREFERRED_ADDRESS_TYPES) {
    const found = addresses.find((a) => a['type'] === type && typeof a['address'] === 'string' && a['address'] !== '');
    if (found !== undefined) {
      host = String(found['address']);
      break;
    }
  }
  if (host === undefined) {
    const known = addresses.map((a) => `{${String(a['type'] ?? '')} ${String(a['address'] ?? '')}}`).join(' ');
    throw new UnreachableNodeError(`no preferred addresses found; known addresses: [${known}]`);
  }
  const endpoints = isRecord(status['daemonEndpoints']) ? status['daemonEndpoints'] : {};
  const kubelet = isRecord(endpoints['kubeletEndpoint']) ? endpoints['kubeletEndpoint'] : {};
  const port = kubelet['Port'];
  return { host, port: typeof port === 'number' && Number.isInteger(port) && port > 0 ? port : DEFAULT_KUBELET_PORT };
}
