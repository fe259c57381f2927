import type { EndpointInfo, ServiceInfo } from '../contracts/discovery.ts';

/** A plain, ordered form of an endpoint: its ports map as sorted pairs, so two equal endpoints print alike. */
function canonicalEndpoint(endpoint: EndpointInfo): unknown[] {
  const ports = [...endpoint.ports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [endpoint.ip, ports, endpoint.ready, endpoint.serving, endpoint.terminating, endpoint.nodeName ?? null, endpoint.podName ?? null, endpoint.hostname ?? null];
}

function canonical(service: ServiceInfo): string {
  return JSON.stringify([
    service.namespace,
    service.name,
    service.type,
    service.clusterIP,
    service.ports.map((p) => [p.name, p.port, p.protocol, p.nodePort]),
    service.sessionAffinity,
    service.sessionAffinityTimeoutSeconds,
    service.publishNotReadyAddresses,
    service.externalName ?? null,
    service.endpoints.map(canonicalEndpoint),
  ]);
}

/**
 * Whether two views of a Service would route and resolve the same. Writes that
 * change nothing a plugin reads (a label, a managedFields entry, a status the
 * catalog ignores) then notify no one.
 */
export function sameServiceInfo(a: ServiceInfo | undefined, b: ServiceInfo | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonical(a) === canonical(b);
}
