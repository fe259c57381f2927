import { isRecord, type KubeObject } from '../../api/types/meta.ts';

/**
 * The fields of a Service's spec the allocators read and write, read
 * defensively: the storage layer sees objects after validation, but a Service
 * stored by an older version may lack any of them.
 */

export type ServiceSpecRecord = Record<string, unknown>;
export type ServicePortRecord = Record<string, unknown>;

/** The spec to allocate into, created empty when missing. */
export function specOf(svc: KubeObject): ServiceSpecRecord {
  const spec = svc['spec'];
  if (isRecord(spec)) return spec;
  const created: ServiceSpecRecord = {};
  svc['spec'] = created;
  return created;
}

export function typeOf(spec: ServiceSpecRecord): string {
  return typeof spec['type'] === 'string' && spec['type'] !== '' ? spec['type'] : 'ClusterIP';
}

export function clusterIPsOf(spec: ServiceSpecRecord): string[] {
  const ips = spec['clusterIPs'];
  if (Array.isArray(ips)) return ips.filter((ip): ip is string => typeof ip === 'string');
  const ip = spec['clusterIP'];
  return typeof ip === 'string' && ip !== '' ? [ip] : [];
}

/** ExternalName Services get no ClusterIP: DNS answers them with a CNAME. */
export function needsClusterIP(spec: ServiceSpecRecord): boolean {
  return typeOf(spec) !== 'ExternalName';
}

export function isHeadless(spec: ServiceSpecRecord): boolean {
  return clusterIPsOf(spec)[0] === 'None';
}

/** The ClusterIPs a Service holds in the allocator: none for ExternalName and headless Services. */
export function heldClusterIPs(spec: ServiceSpecRecord): string[] {
  if (!needsClusterIP(spec) || isHeadless(spec)) return [];
  return clusterIPsOf(spec).filter((ip) => ip !== '');
}

export function portsOf(spec: ServiceSpecRecord): ServicePortRecord[] {
  const ports = spec['ports'];
  return Array.isArray(ports) ? ports.filter(isRecord) : [];
}

export function numberField(record: Record<string, unknown>, field: string): number {
  const value = record[field];
  return typeof value === 'number' && Number.isInteger(value) ? value : 0;
}

export function needsNodePorts(spec: ServiceSpecRecord): boolean {
  const type = typeOf(spec);
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** A LoadBalancer may opt out of node ports (allocateLoadBalancerNodePorts: false), yet keeps ones it asks for. */
export function shouldAllocateNodePorts(spec: ServiceSpecRecord): boolean {
  const type = typeOf(spec);
  return type === 'NodePort' || (type === 'LoadBalancer' && spec['allocateLoadBalancerNodePorts'] !== false);
}

export function needsHealthCheck(spec: ServiceSpecRecord): boolean {
  return typeOf(spec) === 'LoadBalancer' && spec['externalTrafficPolicy'] === 'Local';
}

/** collectServiceNodePorts: every port's node port, whatever the type. */
export function nodePortsOf(spec: ServiceSpecRecord): number[] {
  return portsOf(spec)
    .map((port) => numberField(port, 'nodePort'))
    .filter((port) => port !== 0);
}

/** Node ports and the health-check node port: what a Service holds in the port allocator. */
export function heldNodePorts(spec: ServiceSpecRecord): number[] {
  const held = nodePortsOf(spec);
  const healthCheck = numberField(spec, 'healthCheckNodePort');
  if (needsHealthCheck(spec) && healthCheck !== 0) held.push(healthCheck);
  return [...new Set(held)];
}
