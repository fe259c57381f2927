import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ObjectReference } from '../endpointslice/objects.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

/**
 * core/v1 Endpoints subsets and their canonical layout
 * (k8s.io/kubernetes/pkg/api/v1/endpoints: RepackSubsets, SortSubsets).
 */

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointsPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointsPort[];
}

/** The subsets of an Endpoints object, [] when it has none or they are not a list. */
export function subsetsOf(endpoints: KubeObject): EndpointSubset[] {
  const subsets = endpoints['subsets'];
  return Array.isArray(subsets) ? subsets.filter((s): s is EndpointSubset => isRecord(s)) : [];
}

/** addressKey: the same IP of two different pods stays two addresses. */
function addressKey(address: EndpointAddress): string {
  return JSON.stringify([address.ip, address.targetRef?.uid ?? '']);
}

/** LessEndpointAddress: by IP (bytewise, as text), then by target uid, an address without a target first. */
function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid;
  const ub = b.targetRef?.uid;
  if (ub === undefined) return ua === undefined ? 0 : 1;
  if (ua === undefined) return -1;
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function comparePorts(a: EndpointsPort, b: EndpointsPort): number {
  const x = JSON.stringify([a.name ?? '', a.port, a.protocol ?? '', a.appProtocol ?? '']);
  const y = JSON.stringify([b.name ?? '', b.port, b.protocol ?? '', b.appProtocol ?? '']);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Kubernetes' sentinel for addresses offered with no ports at all (headless Services without ports). */
const NO_PORT = 'none';

/**
 * RepackSubsets: expands subsets to (address, port, ready) triples and packs
 * them again with one subset per distinct set of addresses, each with every
 * port that exact set offers. An address not ready on some port is not ready
 * there even if another subset said it was. The order is fixed (Kubernetes
 * sorts by hashes; any fixed order keeps comparisons with the stored object
 * meaningful).
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddresses = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port: EndpointsPort | undefined; ready: Map<string, boolean> }>();
  const record = (address: EndpointAddress, port: EndpointsPort | undefined, ready: boolean): void => {
    const key = addressKey(address);
    if (!allAddresses.has(key)) allAddresses.set(key, cloneJson(address));
    const portKey = port === undefined ? NO_PORT : JSON.stringify(port);
    let entry = byPort.get(portKey);
    if (entry === undefined) {
      entry = { port, ready: new Map() };
      byPort.set(portKey, entry);
    }
    const wasReady = entry.ready.get(key);
    if (wasReady === undefined || wasReady) entry.ready.set(key, ready);
  };
  for (const subset of subsets) {
    const ports: (EndpointsPort | undefined)[] = subset.ports !== undefined && subset.ports.length > 0 ? subset.ports : [undefined];
    for (const port of ports) {
      for (const address of subset.addresses ?? []) record(address, port, true);
      for (const address of subset.notReadyAddresses ?? []) record(address, port, false);
    }
  }

  // Ports offered by exactly the same addresses, with the same readiness, share a subset.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointsPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const groupKey = JSON.stringify([...ready].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { ready, ports: [] };
      groups.set(groupKey, group);
    }
    if (port !== undefined) group.ports.push(port);
  }

  const result: EndpointSubset[] = [];
  for (const { ready, ports } of groups.values()) {
    const readyAddresses: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [key, isReady] of ready) {
      const address = allAddresses.get(key);
      if (address !== undefined) (isReady ? readyAddresses : notReady).push(address);
    }
    const subset: EndpointSubset = {};
    if (readyAddresses.length > 0) subset.addresses = readyAddresses.sort(compareAddresses);
    if (notReady.length > 0) subset.notReadyAddresses = notReady.sort(compareAddresses);
    if (ports.length > 0) subset.ports = ports.sort(comparePorts);
    result.push(subset);
  }
  return result.sort((a, b) => {
    const x = JSON.stringify(normalSubset(a));
    const y = JSON.stringify(normalSubset(b));
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** A fixed field order, so JSON texts compare. A pod's resourceVersion changes with every status write: it is left out. */
function normalAddress(address: EndpointAddress): unknown {
  const ref = address.targetRef;
  const target =
    ref === undefined || ref === null
      ? null
      : [ref.kind ?? '', ref.namespace ?? '', ref.name ?? '', ref.uid ?? '', ref.apiVersion ?? '', ref.fieldPath ?? ''];
  return [address.ip, address.hostname ?? '', address.nodeName ?? null, target];
}

function normalSubset(subset: EndpointSubset): unknown {
  return [
    (subset.addresses ?? []).map(normalAddress),
    (subset.notReadyAddresses ?? []).map(normalAddress),
    (subset.ports ?? []).map((p) => [p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null]),
  ];
}

/** endpointSubsetsEqualIgnoreResourceVersion: equal in order and content, targets' resourceVersion aside. */
export function subsetsEqual(a: readonly EndpointSubset[], b: readonly EndpointSubset[]): boolean {
  return JSON.stringify(a.map(normalSubset)) === JSON.stringify(b.map(normalSubset));
}
