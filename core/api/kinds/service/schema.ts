import type { z } from 'zod';
import { bool, int, intOrString, list, str, strList, strMap, struct } from '../support/json-shape.ts';

/** The JSON shape of a core/v1 Service, as far as validation reads it. */

export const servicePort = struct({
  name: str.optional(),
  protocol: str.optional(),
  appProtocol: str.optional(),
  port: int.optional(),
  targetPort: intOrString.optional(),
  nodePort: int.optional(),
});

export const serviceSpec = struct({
  ports: list(servicePort).optional(),
  selector: strMap.optional(),
  clusterIP: str.optional(),
  clusterIPs: strList.optional(),
  type: str.optional(),
  externalIPs: strList.optional(),
  sessionAffinity: str.optional(),
  loadBalancerIP: str.optional(),
  loadBalancerSourceRanges: strList.optional(),
  externalName: str.optional(),
  externalTrafficPolicy: str.optional(),
  healthCheckNodePort: int.optional(),
  publishNotReadyAddresses: bool.optional(),
  sessionAffinityConfig: struct({ clientIP: struct({ timeoutSeconds: int.optional() }).optional() }).optional(),
  ipFamilies: strList.optional(),
  ipFamilyPolicy: str.optional(),
  allocateLoadBalancerNodePorts: bool.optional(),
  loadBalancerClass: str.optional(),
  internalTrafficPolicy: str.optional(),
  trafficDistribution: str.optional(),
});

const ingress = struct({
  ip: str.optional(),
  hostname: str.optional(),
  ipMode: str.optional(),
  ports: list(struct({ port: int.optional(), protocol: str.optional(), error: str.optional() })).optional(),
});

export const serviceShape = struct({
  spec: serviceSpec.optional(),
  status: struct({ loadBalancer: struct({ ingress: list(ingress).optional() }).optional() }).optional(),
});

/** A Service's `selector` is a plain label map, so its keys print as `[key]`. */
export const SERVICE_MAP_FIELDS = ['selector'];

export type ServiceSpec = z.infer<typeof serviceSpec>;
export type ServicePort = z.infer<typeof servicePort>;

/** The family of this cluster's service CIDR; Kubernel's service network is single-stack IPv4. */
export const DEFAULT_SERVICE_IP_FAMILY = 'IPv4';

/** No cluster IP at all: DNS answers with the endpoints themselves. */
export function isHeadless(spec: Pick<ServiceSpec, 'clusterIPs'>): boolean {
  const ips = spec.clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

/** Reachable from outside the cluster: node ports, load balancers, or external IPs. */
export function isExternallyAccessible(spec: Pick<ServiceSpec, 'type' | 'externalIPs'>): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
}

/** Only a LoadBalancer with Local traffic policy gets a health-check node port. */
export function needsHealthCheck(spec: Pick<ServiceSpec, 'type' | 'externalTrafficPolicy'>): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}
