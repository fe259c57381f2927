/**
 * A Service's endpoints from its EndpointSlices, read the way kube-proxy's
 * EndpointSliceCache reads them, so that the DNS and proxy plugins agree with
 * what Kubernetes' own consumers would do with the same objects.
 */
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { EndpointInfo, ServicePortInfo } from '../contracts/discovery.ts';

/** The label the EndpointSlice controller puts on every slice of a Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface EndpointConditions {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/**
 * discovery/v1: a nil `ready` is an unknown state consumers treat as ready,
 * a nil `serving` reads as true and a nil `terminating` as false (kube-proxy
 * does exactly this).
 */
export function endpointConditions(raw: unknown): EndpointConditions {
  const conditions = isRecord(raw) ? raw : {};
  return {
    ready: conditions['ready'] !== false,
    serving: conditions['serving'] !== false,
    terminating: conditions['terminating'] === true,
  };
}

/**
 * Not terminating beats terminating (kube-proxy: a reused pod IP belongs to the
 * running pod), then ready beats not ready: an IP seen in two slices while it
 * moves between them keeps its better state until the second update lands.
 */
function preference(endpoint: EndpointInfo): number {
  return (endpoint.terminating ? 0 : 2) + (endpoint.ready ? 1 : 0);
}

/** Service port name → the slice's port number, for the slice ports that belong to a Service port (same name and protocol). */
function slicePortMap(slice: KubeObject, servicePorts: readonly ServicePortInfo[]): Map<string, number> {
  const ports = new Map<string, number>();
  const raw = slice['ports'];
  if (!Array.isArray(raw)) return ports;
  for (const port of raw) {
    if (!isRecord(port)) continue;
    const name = typeof port['name'] === 'string' ? port['name'] : '';
    const protocol = typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP';
    const number = port['port'];
    // kube-proxy ignores ports without a number ("all ports" has no meaning yet).
    if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) continue;
    if (!servicePorts.some((p) => p.name === name && p.protocol === protocol)) continue;
    if (!ports.has(name)) ports.set(name, number);
  }
  return ports;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function podNameOf(targetRef: unknown): string | undefined {
  if (!isRecord(targetRef)) return undefined;
  const kind = targetRef['kind'];
  // A targetRef without a kind is taken as a pod: that is what the controller writes, and manual slices often omit it.
  if (kind !== undefined && kind !== 'Pod') return undefined;
  return optionalString(targetRef['name']);
}

function endpointFrom(raw: unknown, ports: ReadonlyMap<string, number>): EndpointInfo | undefined {
  if (!isRecord(raw)) return undefined;
  const addresses = raw['addresses'];
  // Only the first address has defined semantics; kube-proxy ignores the others.
  const ip = Array.isArray(addresses) ? addresses[0] : undefined;
  if (typeof ip !== 'string' || ip === '') return undefined;
  return {
    ip,
    ports,
    ...endpointConditions(raw['conditions']),
    nodeName: optionalString(raw['nodeName']),
    podName: podNameOf(raw['targetRef']),
    hostname: optionalString(raw['hostname']),
  };
}

function compareIPs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Every endpoint of `slices` (already those of one Service), one per IP, in
 * IP order. FQDN slices are skipped, as kube-proxy skips them: they name
 * hosts, not addresses traffic can go to.
 */
export function endpointsFromSlices(servicePorts: readonly ServicePortInfo[], slices: readonly KubeObject[]): EndpointInfo[] {
  const byIP = new Map<string, EndpointInfo>();
  const ordered = [...slices].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const slice of ordered) {
    const addressType = slice['addressType'];
    if (addressType !== 'IPv4' && addressType !== 'IPv6') continue;
    const ports = slicePortMap(slice, servicePorts);
    const endpoints = slice['endpoints'];
    if (!Array.isArray(endpoints)) continue;
    for (const raw of endpoints) {
      const endpoint = endpointFrom(raw, ports);
      if (endpoint === undefined) continue;
      const seen = byIP.get(endpoint.ip);
      if (seen === undefined || preference(endpoint) > preference(seen)) byIP.set(endpoint.ip, endpoint);
    }
  }
  return [...byIP.values()].sort((a, b) => compareIPs(a.ip, b.ip));
}
