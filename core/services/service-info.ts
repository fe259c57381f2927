/**
 * One Service and its EndpointSlices as the ServiceInfo plugins read. The
 * API server has already defaulted the Service; the fallbacks here only keep
 * a malformed object from breaking the catalog.
 */
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { ServiceInfo, ServicePortInfo, ServiceProtocol, ServiceType } from '../contracts/discovery.ts';
import { endpointsFromSlices } from './slice-endpoints.ts';

/** Kubernetes' DefaultClientIPServiceAffinitySeconds: three hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10_800;

const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS: readonly ServiceProtocol[] = ['TCP', 'UDP', 'SCTP'];

function oneOf<T extends string>(values: readonly T[], value: unknown, fallback: T): T {
  return values.find((v) => v === value) ?? fallback;
}

function positiveInteger(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

export function servicePortsOf(spec: Record<string, unknown>): ServicePortInfo[] {
  const raw = spec['ports'];
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((port) => ({
    name: typeof port['name'] === 'string' ? port['name'] : '',
    port: positiveInteger(port['port']),
    protocol: oneOf(PROTOCOLS, port['protocol'], 'TCP'),
    nodePort: positiveInteger(port['nodePort']),
  }));
}

function affinityTimeoutOf(spec: Record<string, unknown>): number {
  const config = spec['sessionAffinityConfig'];
  const clientIP = isRecord(config) ? config['clientIP'] : undefined;
  const timeout = isRecord(clientIP) ? positiveInteger(clientIP['timeoutSeconds']) : 0;
  return timeout === 0 ? DEFAULT_CLIENT_IP_AFFINITY_SECONDS : timeout;
}

/** `slices` are the Service's own: same namespace, labelled `kubernetes.io/service-name=<name>`. */
export function serviceInfoFrom(service: KubeObject, slices: readonly KubeObject[]): ServiceInfo {
  const spec = isRecord(service['spec']) ? service['spec'] : {};
  const type = oneOf(SERVICE_TYPES, spec['type'], 'ClusterIP');
  const ports = servicePortsOf(spec);
  const externalName = spec['externalName'];
  return {
    namespace: service.metadata.namespace ?? '',
    name: service.metadata.name ?? '',
    type,
    clusterIP: typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '',
    ports,
    sessionAffinity: spec['sessionAffinity'] === 'ClientIP' ? 'ClientIP' : 'None',
    sessionAffinityTimeoutSeconds: affinityTimeoutOf(spec),
    publishNotReadyAddresses: spec['publishNotReadyAddresses'] === true,
    externalName: type === 'ExternalName' && typeof externalName === 'string' && externalName !== '' ? externalName : undefined,
    endpoints: endpointsFromSlices(ports, slices),
  };
}
