import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { ipFamilyOf } from '../support/checks.ts';
import { DEFAULT_SERVICE_IP_FAMILY } from './schema.ts';

/** Kubernetes' default ClientIP affinity: three hours. */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

/**
 * SetDefaults_Service, the clusterIP/clusterIPs sync Kubernetes does on create, and the
 * IP family fields its allocator fills in before allocating: ClusterIP type, TCP ports
 * whose targetPort is the port, no session affinity, Cluster traffic policies, and a
 * single-stack IPv4 service unless the service says otherwise.
 */
export function defaultService(obj: KubeObject): void {
  const spec = obj['spec'] ?? {};
  if (!isRecord(spec)) return;
  obj['spec'] = spec;

  if (isUnset(spec['sessionAffinity'])) spec['sessionAffinity'] = 'None';
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') defaultClientIPConfig(spec);
  if (isUnset(spec['type'])) spec['type'] = 'ClusterIP';
  const type = spec['type'];

  for (const port of Array.isArray(spec['ports']) ? spec['ports'] : []) {
    if (!isRecord(port)) continue;
    if (isUnset(port['protocol'])) port['protocol'] = 'TCP';
    const target = port['targetPort'];
    if (target === undefined || target === null || target === 0 || target === '') port['targetPort'] = port['port'] ?? 0;
  }

  const externalIPs = Array.isArray(spec['externalIPs']) ? spec['externalIPs'] : [];
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  if (externallyAccessible && isUnset(spec['externalTrafficPolicy'])) spec['externalTrafficPolicy'] = 'Cluster';
  if (isUnset(spec['internalTrafficPolicy']) && (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')) {
    spec['internalTrafficPolicy'] = 'Cluster';
  }
  if (type === 'LoadBalancer') {
    if (isUnset(spec['allocateLoadBalancerNodePorts'])) spec['allocateLoadBalancerNodePorts'] = true;
    defaultIngressIPMode(obj['status']);
  }

  // Old clients only know the singular field; newer ones must send both.
  const clusterIP = spec['clusterIP'];
  const clusterIPs = spec['clusterIPs'];
  const noClusterIPs = isUnset(clusterIPs) || (Array.isArray(clusterIPs) && clusterIPs.length === 0);
  if (typeof clusterIP === 'string' && clusterIP !== '' && noClusterIPs) {
    spec['clusterIPs'] = [clusterIP];
  }
  if (type !== 'ExternalName') defaultIPFamilies(spec);
}

function defaultClientIPConfig(spec: Record<string, unknown>): void {
  const config = spec['sessionAffinityConfig'];
  const clientIP = isRecord(config) ? config['clientIP'] : undefined;
  if (!isRecord(clientIP) || isUnset(clientIP['timeoutSeconds'])) {
    spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT_SECONDS } };
  }
}

/** A load balancer reached by IP is a virtual IP unless its controller says it proxies. */
function defaultIngressIPMode(status: unknown): void {
  const loadBalancer = isRecord(status) ? status['loadBalancer'] : undefined;
  const ingress = isRecord(loadBalancer) ? loadBalancer['ingress'] : undefined;
  for (const point of Array.isArray(ingress) ? ingress : []) {
    if (isRecord(point) && typeof point['ip'] === 'string' && point['ip'] !== '' && isUnset(point['ipMode'])) point['ipMode'] = 'VIP';
  }
}

/**
 * The allocator's initIPFamilyFields on this single-stack cluster: families follow any
 * given cluster IPs, then the cluster's own family. Headless services without a selector
 * (endpoints managed by hand) are the exception Kubernetes makes: they default to
 * RequireDualStack and list both families, since no cluster IP will be allocated.
 */
function defaultIPFamilies(spec: Record<string, unknown>): void {
  const families = spec['ipFamilies'] ?? [];
  const clusterIPs = spec['clusterIPs'] ?? [];
  if (!Array.isArray(families) || !Array.isArray(clusterIPs)) return;
  const selector = spec['selector'];
  const selectorless = !isRecord(selector) || Object.keys(selector).length === 0;
  const headlessSelectorless = spec['clusterIP'] === 'None' && selectorless;

  if (isUnset(spec['ipFamilyPolicy'])) spec['ipFamilyPolicy'] = headlessSelectorless ? 'RequireDualStack' : 'SingleStack';
  clusterIPs.forEach((ip, i) => {
    if (i < families.length || ip === 'None' || typeof ip !== 'string') return;
    const family = ipFamilyOf(ip);
    if (family !== undefined && i === families.length) families.push(family);
  });
  if (families.length === 0) families.push(DEFAULT_SERVICE_IP_FAMILY);
  if (headlessSelectorless && families.length < 2 && spec['ipFamilyPolicy'] !== 'SingleStack') {
    families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
  spec['ipFamilies'] = families;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
