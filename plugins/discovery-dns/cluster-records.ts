import type { EndpointInfo, ServiceCatalog, ServiceInfo, ServicePortInfo } from '../../core/index.ts';
import { canonicalIP, dashedIP, podNameIP, type ClusterName } from './cluster-names.ts';

/**
 * One thing a name resolves to, as CoreDNS's msg.Service: an address (or,
 * for an ExternalName Service, a name to CNAME to), the port an SRV record
 * gives for it, and the name that owns the address (an SRV record's target).
 */
export interface Target {
  /** an IP, or a host name for ExternalName Services */
  host: string;
  /** undefined when there is no port to give (a headless Service without ports, a pod) */
  port: number | undefined;
  owner: string;
}

/** undefined: the name does not exist (NXDOMAIN); an empty list: it exists without records (NODATA). */
export type Lookup = Target[] | undefined;

type ServiceQuery = Extract<ClusterName, { kind: 'service' }>;

/** The endpoints DNS publishes: the ready ones, or all when the Service publishes not-ready addresses. */
export function publishedEndpoints(service: ServiceInfo): EndpointInfo[] {
  return service.publishNotReadyAddresses ? service.endpoints : service.endpoints.filter((e) => e.ready);
}

export function endpointHostname(endpoint: EndpointInfo): string {
  return endpoint.hostname ?? dashedIP(endpoint.ip);
}

function serviceDomain(service: ServiceInfo, zone: string): string {
  return `${service.name}.${service.namespace}.svc.${zone}`;
}

function portMatches(port: ServicePortInfo, query: ServiceQuery): boolean {
  // CoreDNS: an absent (or empty, `_._tcp`) port or protocol label matches any
  const nameOk = query.port === undefined || query.port === '' || port.name.toLowerCase() === query.port;
  const protocolOk = query.protocol === undefined || query.protocol === '' || port.protocol.toLowerCase() === query.protocol;
  return nameOk && protocolOk;
}

function headlessTargets(service: ServiceInfo, query: ServiceQuery, zone: string): Target[] {
  const domain = serviceDomain(service, zone);
  const targets: Target[] = [];
  for (const endpoint of publishedEndpoints(service)) {
    const hostname = endpointHostname(endpoint);
    if (query.endpoint !== undefined && hostname.toLowerCase() !== query.endpoint) continue;
    const owner = `${hostname}.${domain}`;
    const wildcard = query.port === undefined && query.protocol === undefined;
    if (service.ports.length === 0 && wildcard) targets.push({ host: endpoint.ip, port: undefined, owner });
    for (const port of service.ports) {
      // the endpoint's own port: a named targetPort can differ per pod, and SRV must name the one that answers
      if (portMatches(port, query)) targets.push({ host: endpoint.ip, port: endpoint.ports.get(port.name), owner });
    }
  }
  return targets;
}

/** CoreDNS's findServices over the catalog. */
export function lookupService(catalog: ServiceCatalog, query: ServiceQuery, zone: string): Lookup {
  const service = catalog.get(query.namespace, query.service);
  if (service === undefined) return undefined;
  if (service.type === 'ExternalName') {
    // an ExternalName Service has no endpoints to name
    if (query.endpoint !== undefined || service.externalName === undefined) return undefined;
    return [{ host: service.externalName, port: undefined, owner: serviceDomain(service, zone) }];
  }
  if (service.clusterIP === 'None' || query.endpoint !== undefined) {
    const targets = headlessTargets(service, query, zone);
    return targets.length === 0 ? undefined : targets;
  }
  const owner = serviceDomain(service, zone);
  const wildcard = query.port === undefined && query.protocol === undefined;
  const ports = service.ports.filter((port) => portMatches(port, query));
  if (ports.length === 0 && !(wildcard && service.ports.length === 0)) return undefined;
  // a Service still waiting for its ClusterIP exists, without an address yet
  if (service.clusterIP === '') return [];
  if (ports.length === 0) return [{ host: service.clusterIP, port: undefined, owner }];
  return ports.map((port) => ({ host: service.clusterIP, port: port.port, owner }));
}

/** `pods insecure`: a well-formed dashed IP answers with that IP, whatever the namespace. */
export function lookupPod(pod: string, owner: string): Lookup {
  const ip = podNameIP(pod);
  return ip === undefined ? undefined : [{ host: ip, port: undefined, owner }];
}

/** A namespace "exists" for DNS when a Service lives in it: the catalog knows no Namespaces. */
export function namespaceHasServices(catalog: ServiceCatalog, namespace: string): boolean {
  return catalog.services().some((service) => service.namespace.toLowerCase() === namespace);
}

/**
 * The names an IP has (PTR targets): the Service whose ClusterIP it is, else
 * every published endpoint with that IP, as `hostname.svc.ns.svc.zone`.
 */
export function namesOfIP(catalog: ServiceCatalog, ip: string, zone: string): string[] {
  const services = catalog.services();
  const owner = services.find((s) => s.clusterIP !== 'None' && s.clusterIP !== '' && canonicalIP(s.clusterIP) === ip);
  if (owner !== undefined) return [serviceDomain(owner, zone)];
  const names: string[] = [];
  for (const service of services) {
    if (service.type === 'ExternalName') continue;
    for (const endpoint of publishedEndpoints(service)) {
      if (canonicalIP(endpoint.ip) === ip) names.push(`${endpointHostname(endpoint)}.${serviceDomain(service, zone)}`);
    }
  }
  return [...new Set(names)];
}
