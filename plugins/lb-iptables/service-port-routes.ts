import { routableEndpoints, type ServiceInfo, type ServiceProtocol } from '../../core/index.ts';
import { servicePortName, type ChainNames } from './chain-names.ts';

export interface EndpointRoute {
  ip: string;
  port: number;
  /** KUBERNEL-SEP-<hash> */
  chain: string;
}

/** One Service port as the rules see it: where it is reached and where it leads. */
export interface ServicePortRoute {
  /** `namespace/name:port`, for rule comments */
  name: string;
  clusterIP: string;
  port: number;
  protocol: ServiceProtocol;
  /** 0: none, or NodePorts are off */
  nodePort: number;
  /** ClientIP affinity timeout, undefined without affinity */
  affinitySeconds: number | undefined;
  /** the routable endpoints (ready; serving-terminating only when none is ready), in a stable order */
  endpoints: EndpointRoute[];
  /** KUBERNEL-SVC-<hash> */
  chain: string;
  /** KUBERNEL-EXT-<hash>: the NodePort's way in */
  externalChain: string;
}

/**
 * The Service ports that get rules: those with an allocated ClusterIP
 * (headless, unallocated and ExternalName Services get none, as in
 * kube-proxy), each with its routable endpoints sorted by address so that
 * the same catalog always renders the same text.
 */
export function servicePortRoutes(services: readonly ServiceInfo[], options: { nodePorts: boolean; names: ChainNames }): ServicePortRoute[] {
  const routes: ServicePortRoute[] = [];
  const sorted = [...services].sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  for (const service of sorted) {
    if (service.type === 'ExternalName' || service.clusterIP === '' || service.clusterIP === 'None') continue;
    const endpoints = routableEndpoints(service);
    for (const port of service.ports) {
      const name = servicePortName(service.namespace, service.name, port.name);
      const targets = new Map<string, EndpointRoute>();
      for (const endpoint of endpoints) {
        const target = endpoint.ports.get(port.name);
        if (target === undefined) continue;
        const address = `${endpoint.ip}:${target}`;
        targets.set(address, { ip: endpoint.ip, port: target, chain: options.names.endpoint(name, port.protocol, address) });
      }
      routes.push({
        name,
        clusterIP: service.clusterIP,
        port: port.port,
        protocol: port.protocol,
        nodePort: options.nodePorts ? port.nodePort : 0,
        affinitySeconds: service.sessionAffinity === 'ClientIP' ? service.sessionAffinityTimeoutSeconds : undefined,
        endpoints: [...targets.values()].sort((a, b) => compare(`${a.ip}:${a.port}`, `${b.ip}:${b.port}`)),
        chain: options.names.service(name, port.protocol),
        externalChain: options.names.external(name, port.protocol),
      });
    }
  }
  return routes;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
