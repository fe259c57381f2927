import { addressesOf, type Endpoint, type EndpointPort, type ObjectReference } from './objects.ts';

/**
 * Identities the slice reconciler groups and compares by
 * (k8s.io/endpointslice/util: endpointset.go, PortMapKey,
 * EndpointsEqualBeyondHash).
 */

/**
 * An endpoint's identity: its addresses, hostname and target pod. Conditions,
 * node and zone are not part of it, so a readiness change updates the
 * endpoint in place rather than moving it to another slice.
 */
export function endpointKey(endpoint: Endpoint): string {
  const ref = endpoint.targetRef;
  return JSON.stringify([[...addressesOf(endpoint)].sort(), endpoint.hostname ?? '', ref?.namespace ?? '', ref?.name ?? '']);
}

function portText(port: EndpointPort): string {
  return JSON.stringify([port.name ?? null, port.port ?? null, port.protocol ?? null, port.appProtocol ?? null]);
}

/** NewPortMapKey: the same set of ports in any order gives the same key; no ports at all has a key too. */
export function portMapKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify(ports.map(portText).sort());
}

/** A targetRef as compared: everything but resourceVersion, which changes with every pod write. */
function refText(ref: ObjectReference | undefined): string {
  if (ref === undefined || ref === null) return 'null';
  return JSON.stringify([ref.kind ?? '', ref.namespace ?? '', ref.name ?? '', ref.uid ?? '', ref.apiVersion ?? '', ref.fieldPath ?? '']);
}

/** EndpointsEqualBeyondHash: the same node, zone, conditions and target, once the keys matched. */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  return (
    (a.nodeName ?? null) === (b.nodeName ?? null) &&
    (a.zone ?? null) === (b.zone ?? null) &&
    (ca.ready ?? null) === (cb.ready ?? null) &&
    (ca.serving ?? null) === (cb.serving ?? null) &&
    (ca.terminating ?? null) === (cb.terminating ?? null) &&
    refText(a.targetRef) === refText(b.targetRef)
  );
}
