import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { semanticEqual } from '../support/checks.ts';

/**
 * What Kubernetes' Service REST storage does to an update before validating it
 * (patchAllocatedValues, NormalizeClusterIPs and dropTypeDependentFields in
 * pkg/registry/core/service), so that `kubectl replace` without the allocated values
 * and type changes such as ClusterIP → ExternalName work as they do there.
 * Meant for the kind's prepareForUpdate hook; mutates `obj`.
 */
export function prepareServiceForUpdate(obj: KubeObject, old: KubeObject): void {
  const spec = obj['spec'];
  const before = old['spec'];
  if (!isRecord(spec) || !isRecord(before)) return;
  patchAllocatedValues(spec, before);
  normalizeClusterIPs(spec, before);
  if (spec['ipFamilyPolicy'] === undefined && needsClusterIP(spec) && before['ipFamilyPolicy'] !== undefined) {
    spec['ipFamilyPolicy'] = before['ipFamilyPolicy'];
  }
  dropTypeDependentFields(spec, before);
  if (spec['type'] !== 'LoadBalancer' && isRecord(obj['status'])) obj['status']['loadBalancer'] = {};
}

/** A client that omitted allocated values (cluster IPs, node ports) keeps the ones it had. */
function patchAllocatedValues(spec: Record<string, unknown>, before: Record<string, unknown>): void {
  if (needsClusterIP(before) && needsClusterIP(spec)) {
    if (isUnset(spec['clusterIP'])) spec['clusterIP'] = before['clusterIP'];
    if (listOf(spec['clusterIPs']).length === 0 && listOf(before['clusterIPs']).length > 0) spec['clusterIPs'] = before['clusterIPs'];
  }
  if (needsNodePort(before) && needsNodePort(spec)) {
    const inUse = nodePorts(spec);
    const byName = new Map<unknown, unknown>();
    for (const port of listOf(before['ports'])) if (isRecord(port)) byName.set(port['name'] ?? '', port['nodePort']);
    for (const port of listOf(spec['ports'])) {
      if (!isRecord(port) || !isUnset(port['nodePort'])) continue;
      const previous = byName.get(port['name'] ?? '');
      // Never hand a port's old node port to a port that now claims it elsewhere.
      if (typeof previous === 'number' && previous !== 0 && !inUse.has(previous)) port['nodePort'] = previous;
    }
  }
  if (needsHealthCheckNodePort(before) && needsHealthCheckNodePort(spec) && isUnset(spec['healthCheckNodePort'])) {
    spec['healthCheckNodePort'] = before['healthCheckNodePort'];
  }
}

/** Keeps clusterIP and clusterIPs in step when a client changed or cleared only one of them. */
function normalizeClusterIPs(spec: Record<string, unknown>, before: Record<string, unknown>): void {
  const oldIP = before['clusterIP'] ?? '';
  const newIP = spec['clusterIP'] ?? '';
  if (listOf(before['clusterIPs']).length > 0 && listOf(spec['clusterIPs']).length === 0 && oldIP === newIP) {
    spec['clusterIPs'] = before['clusterIPs'];
  }
  if (oldIP === newIP) return;
  const sameIPs = semanticEqual(spec['clusterIPs'], before['clusterIPs']);
  if (oldIP !== '' && newIP === '' && sameIPs) delete spec['clusterIPs'];
  if (newIP !== '' && sameIPs) spec['clusterIPs'] = [newIP];
}

/**
 * Fields that only made sense for the old type are dropped, but only when the client left
 * them as they were: a value the client changed is its intent, and validation judges it.
 */
function dropTypeDependentFields(spec: Record<string, unknown>, before: Record<string, unknown>): void {
  if (needsClusterIP(before) && !needsClusterIP(spec)) {
    if (semanticEqual(spec['clusterIPs'], before['clusterIPs'])) {
      spec['clusterIP'] = '';
      delete spec['clusterIPs'];
    }
    if (semanticEqual(spec['ipFamilies'], before['ipFamilies'])) delete spec['ipFamilies'];
    if (spec['ipFamilyPolicy'] === before['ipFamilyPolicy']) delete spec['ipFamilyPolicy'];
  }
  if (needsNodePort(before) && !needsNodePort(spec) && isSubset(nodePorts(spec), nodePorts(before))) {
    for (const port of listOf(spec['ports'])) if (isRecord(port)) delete port['nodePort'];
  }
  const sameHealthCheckPort = spec['healthCheckNodePort'] === before['healthCheckNodePort'];
  if (needsHealthCheckNodePort(before) && !needsHealthCheckNodePort(spec) && sameHealthCheckPort) delete spec['healthCheckNodePort'];
  if (before['type'] === 'LoadBalancer' && spec['type'] !== 'LoadBalancer') {
    const allocate = spec['allocateLoadBalancerNodePorts'];
    if (typeof allocate === 'boolean' && allocate === before['allocateLoadBalancerNodePorts']) delete spec['allocateLoadBalancerNodePorts'];
    if (spec['loadBalancerClass'] === before['loadBalancerClass']) delete spec['loadBalancerClass'];
  }
  if (externallyAccessible(before) && !externallyAccessible(spec) && spec['externalTrafficPolicy'] === before['externalTrafficPolicy']) {
    delete spec['externalTrafficPolicy'];
  }
}

function needsClusterIP(spec: Record<string, unknown>): boolean {
  return spec['type'] !== 'ExternalName';
}

function needsNodePort(spec: Record<string, unknown>): boolean {
  return spec['type'] === 'NodePort' || spec['type'] === 'LoadBalancer';
}

function needsHealthCheckNodePort(spec: Record<string, unknown>): boolean {
  return spec['type'] === 'LoadBalancer' && spec['externalTrafficPolicy'] === 'Local';
}

function externallyAccessible(spec: Record<string, unknown>): boolean {
  const type = spec['type'];
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && listOf(spec['externalIPs']).length > 0);
}

function nodePorts(spec: Record<string, unknown>): Set<number> {
  const ports = new Set<number>();
  for (const port of listOf(spec['ports'])) {
    if (isRecord(port) && typeof port['nodePort'] === 'number' && port['nodePort'] !== 0) ports.add(port['nodePort']);
  }
  return ports;
}

function isSubset(small: ReadonlySet<number>, big: ReadonlySet<number>): boolean {
  return [...small].every((p) => big.has(p));
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 0;
}
