import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, forbidden, index, invalidValue, key, notSupported, required } from '../../validation/field-errors.ts';
import { isDNS1035Label } from '../../validation/names.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import {
  annotationsOf,
  validateDNS1123Subdomain,
  validateIP,
  validateNonSpecialIP,
  validatePortNum,
  validateQualifiedName,
} from '../support/checks.ts';
import { validateCIDR } from '../support/cidr.ts';
import { parseShape } from '../support/json-shape.ts';
import {
  DEFAULT_SERVICE_IP_FAMILY,
  isExternallyAccessible,
  isHeadless,
  needsHealthCheck,
  SERVICE_MAP_FIELDS,
  type ServiceSpec,
  serviceShape,
} from './schema.ts';
import {
  validateAgainstClusterFamilies,
  validateClusterIPFields,
  validateClusterIPsUpdate,
  validateIPFamiliesUpdate,
} from './validation-cluster-ips.ts';
import { type PortRange, validateInRange, validateServicePorts } from './validation-ports.ts';

/** core/v1 Service validation (pkg/apis/core/validation: ValidateService*), plus the allocators' refusals. */

export interface ServiceValidationOptions {
  /**
   * --service-node-port-range. Without it node ports are not range-checked here:
   * the API server's allocator refuses them with the same message, from its configured range.
   */
  nodePortRange?: PortRange;
  /** the families of the service CIDRs; ["IPv4"] unless configured */
  clusterIPFamilies?: readonly string[];
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameNode', 'PreferSameZone'];
const MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const LOAD_BALANCER_ONLY = "may only be used when `type` is 'LoadBalancer'";

export function validateService(obj: KubeObject, opts: ServiceValidationOptions = {}): FieldError[] {
  return validate(obj, opts, new Set());
}

/**
 * Cluster IPs and IP families keep their primary value (except to or from ExternalName),
 * a LoadBalancer keeps its class, and a Local load balancer keeps its health-check port.
 */
export function validateServiceUpdate(obj: KubeObject, old: KubeObject, opts: ServiceValidationOptions = {}): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const parsed = parseShape(serviceShape, obj, '', SERVICE_MAP_FIELDS);
  const parsedOld = parseShape(serviceShape, old, '', SERVICE_MAP_FIELDS);
  const kept = new Set<number>();
  if (parsed.ok && parsedOld.ok) {
    const spec = parsed.value.spec ?? {};
    const before = parsedOld.value.spec ?? {};
    errs.push(...validateClusterIPsUpdate(spec, before), ...validateIPFamiliesUpdate(spec, before));
    if (before.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && before.loadBalancerClass !== spec.loadBalancerClass) {
      errs.push(invalidValue('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
    }
    if (needsHealthCheck(before) && needsHealthCheck(spec) && (before.healthCheckNodePort ?? 0) !== (spec.healthCheckNodePort ?? 0)) {
      errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
    }
    for (const port of before.ports ?? []) if ((port.nodePort ?? 0) !== 0) kept.add(port.nodePort ?? 0);
    if ((before.healthCheckNodePort ?? 0) !== 0) kept.add(before.healthCheckNodePort ?? 0);
  }
  return [...errs, ...validate(obj, opts, kept)];
}

/** `keptNodePorts` are ports the stored Service already holds: the range check spares them. */
function validate(obj: KubeObject, opts: ServiceValidationOptions, keptNodePorts: ReadonlySet<number>): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1035Label });
  const annotations = annotationsOf(obj);
  const topologyMode = annotations[TOPOLOGY_MODE];
  const topologyHints = annotations[TOPOLOGY_HINTS];
  if (topologyMode !== undefined && topologyHints !== undefined && topologyMode !== topologyHints) {
    const detail = `must match annotations[${TOPOLOGY_HINTS}] when both are specified`;
    errs.push(invalidValue(key('metadata.annotations', TOPOLOGY_MODE), topologyMode, detail));
  }
  const parsed = parseShape(serviceShape, obj, '', SERVICE_MAP_FIELDS);
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const spec = parsed.value.spec ?? {};
  const range = opts.nodePortRange;

  errs.push(...validateTypeSpecific(spec));
  errs.push(...validateServicePorts(spec, range, keptNodePorts));
  if (spec.selector !== undefined) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validateSessionAffinity(spec));
  const clusterIPErrors = validateClusterIPFields(spec);
  errs.push(...clusterIPErrors);
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const ipErrors = validateIP(ip, index('spec.externalIPs', i));
    errs.push(...(ipErrors.length > 0 ? ipErrors : validateNonSpecialIP(ip, index('spec.externalIPs', i))));
  });
  const type = spec.type ?? '';
  if (type === '') errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  errs.push(...validateLoadBalancerFields(spec, annotations));
  errs.push(...validateTrafficPolicies(spec, range, keptNodePorts));
  if (clusterIPErrors.length === 0) {
    errs.push(...validateAgainstClusterFamilies(spec, opts.clusterIPFamilies ?? [DEFAULT_SERVICE_IP_FAMILY]));
  }
  return errs;
}

function validateTypeSpecific(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const headless = isHeadless(spec);
  if ((spec.ports ?? []).length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && headless) {
    errs.push(invalidValue(index('spec.clusterIPs', 0), 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'ExternalName') {
    const notForExternalName = 'may not be set for ExternalName services';
    if ((spec.clusterIPs ?? []).length > 0) errs.push(forbidden('spec.clusterIPs', notForExternalName));
    if ((spec.ipFamilies ?? []).length > 0) errs.push(forbidden('spec.ipFamilies', notForExternalName));
    if (spec.ipFamilyPolicy !== undefined) errs.push(forbidden('spec.ipFamilyPolicy', notForExternalName));
    // The CNAME target may end in a dot to mark it fully qualified.
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname === '') errs.push(required('spec.externalName'));
    else errs.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
  }
  return errs;
}

function validateSessionAffinity(spec: ServiceSpec): FieldError[] {
  const affinity = spec.sessionAffinity ?? '';
  const path = 'spec.sessionAffinityConfig';
  if (affinity === '') return [required('spec.sessionAffinity')];
  if (!SESSION_AFFINITIES.includes(affinity)) return [notSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES)];
  if (affinity === 'None') {
    return spec.sessionAffinityConfig === undefined ? [] : [forbidden(path, 'must not be set when session affinity is None')];
  }
  const when = 'when session affinity type is ClientIP';
  const clientIP = spec.sessionAffinityConfig?.clientIP;
  if (spec.sessionAffinityConfig === undefined) return [required(path, when)];
  if (clientIP === undefined) return [required(child(path, 'clientIP'), when)];
  const timeout = clientIP.timeoutSeconds;
  const timeoutPath = child(path, 'clientIP.timeoutSeconds');
  if (timeout === undefined) return [required(timeoutPath, when)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS) {
    return [invalidValue(timeoutPath, timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT_SECONDS}`)];
  }
  return [];
}

/** Source ranges, node-port allocation and class belong to LoadBalancer services only. */
function validateLoadBalancerFields(spec: ServiceSpec, annotations: Record<string, string>): FieldError[] {
  const errs: FieldError[] = [];
  const isLoadBalancer = spec.type === 'LoadBalancer';
  const ranges = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    // Kubernetes spells this path with a capital L.
    const path = 'spec.LoadBalancerSourceRanges';
    if (!isLoadBalancer) errs.push(forbidden(path, LOAD_BALANCER_ONLY));
    ranges.forEach((range, i) => errs.push(...validateCIDR(range.trim(), index(path, i))));
  } else if (annotations[SOURCE_RANGES_ANNOTATION] !== undefined) {
    const path = key('metadata.annotations', SOURCE_RANGES_ANNOTATION);
    if (!isLoadBalancer) errs.push(forbidden(path, LOAD_BALANCER_ONLY));
    const value = (annotations[SOURCE_RANGES_ANNOTATION] ?? '').trim();
    if (value !== '') for (const range of value.split(',')) errs.push(...validateCIDR(range.trim(), path));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && !isLoadBalancer) {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', LOAD_BALANCER_ONLY));
  }
  // Kubernetes names this one without the `spec.` prefix.
  if (isLoadBalancer && spec.allocateLoadBalancerNodePorts === undefined) errs.push(required('allocateLoadBalancerNodePorts'));
  if (spec.loadBalancerClass !== undefined) {
    if (isLoadBalancer) errs.push(...validateQualifiedName(spec.loadBalancerClass, 'spec.loadBalancerClass'));
    else errs.push(forbidden('spec.loadBalancerClass', LOAD_BALANCER_ONLY));
  }
  return errs;
}

function validateTrafficPolicies(spec: ServiceSpec, range: PortRange | undefined, keptNodePorts: ReadonlySet<number>): FieldError[] {
  const errs: FieldError[] = [];
  const external = spec.externalTrafficPolicy ?? '';
  if (!isExternallyAccessible(spec)) {
    if (external !== '') {
      errs.push(invalidValue('spec.externalTrafficPolicy', external, 'may only be set for externally-accessible services'));
    }
  } else if (external === '') errs.push(required('spec.externalTrafficPolicy'));
  else if (!TRAFFIC_POLICIES.includes(external)) errs.push(notSupported('spec.externalTrafficPolicy', external, TRAFFIC_POLICIES));

  const healthCheckNodePort = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (healthCheckNodePort !== 0) {
      const detail = "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
      errs.push(invalidValue('spec.healthCheckNodePort', healthCheckNodePort, detail));
    }
  } else if (healthCheckNodePort !== 0) {
    // Zero is allowed: the API server's allocator picks the port when it stores the Service.
    const portErrors = validatePortNum(healthCheckNodePort, 'spec.healthCheckNodePort');
    errs.push(...portErrors);
    if (portErrors.length === 0 && range !== undefined && !keptNodePorts.has(healthCheckNodePort)) {
      errs.push(...validateInRange(healthCheckNodePort, range, 'spec.healthCheckNodePort'));
    }
  }

  const internal = spec.internalTrafficPolicy;
  if (internal === undefined) {
    // Not required for ExternalName, for compatibility with objects stored before the field existed.
    const needsPolicy = spec.type === 'ClusterIP' || spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    if (needsPolicy) errs.push(required('spec.internalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(internal)) errs.push(notSupported('spec.internalTrafficPolicy', internal, TRAFFIC_POLICIES));

  if (spec.trafficDistribution !== undefined && !TRAFFIC_DISTRIBUTIONS.includes(spec.trafficDistribution)) {
    errs.push(notSupported('spec.trafficDistribution', spec.trafficDistribution, TRAFFIC_DISTRIBUTIONS));
  }
  return errs;
}
