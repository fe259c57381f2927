/**
 * Service discovery and load balancing: the extension points that give
 * Services their names (a DNS server) and their traffic (a proxy), in the
 * roles CoreDNS and kube-proxy have in Kubernetes. Both read one model of
 * the cluster's Services and their endpoints (ServiceCatalog), built by the
 * core from Services and EndpointSlices, so that a plugin never parses API
 * objects itself and every plugin sees the same readiness.
 */
import type { Logger } from 'pino';
import type { ApiClient } from '../client/api-client.ts';
import { createExtensionPoint } from '../kernel/plugin.ts';
import type { StandardSchemaV1 } from '../kernel/standard-schema.ts';

export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServicePortInfo {
  /** '' for the only, unnamed port */
  name: string;
  port: number;
  protocol: ServiceProtocol;
  /** 0 when the Service has none */
  nodePort: number;
}

/** One address behind a Service, from its EndpointSlices. */
export interface EndpointInfo {
  ip: string;
  /** the port of each Service port, by the Service port's name, resolved for this pod (named targetPorts differ per pod) */
  ports: ReadonlyMap<string, number>;
  /** ready: may get new connections */
  ready: boolean;
  /** serving: passes readiness, even while terminating */
  serving: boolean;
  /** terminating: being deleted; existing connections drain, new ones go elsewhere */
  terminating: boolean;
  nodeName: string | undefined;
  /** `targetRef` pod, for DNS names of headless Services' pods */
  podName: string | undefined;
  hostname: string | undefined;
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  type: ServiceType;
  /** '' while unallocated, 'None' for a headless Service */
  clusterIP: string;
  ports: ServicePortInfo[];
  sessionAffinity: 'None' | 'ClientIP';
  /** seconds a client stays with its endpoint under ClientIP affinity (Kubernetes' default 10800) */
  sessionAffinityTimeoutSeconds: number;
  publishNotReadyAddresses: boolean;
  /** for ExternalName Services: the CNAME target */
  externalName: string | undefined;
  endpoints: EndpointInfo[];
}

export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** The cluster's Services as the core keeps them, current and changing. */
export interface ServiceCatalog {
  /** every Service now, endpoints included */
  services(): ServiceInfo[];
  get(namespace: string, name: string): ServiceInfo | undefined;
  /** called with the key of every Service that changed (its spec or its endpoints) or went away; returns an unsubscribe */
  onChange(listener: (key: string, service: ServiceInfo | undefined) => void): () => void;
  /** resolves once the first lists of Services and EndpointSlices are in */
  synced(): Promise<void>;
}

/** Cluster-wide network settings kubernel.yaml's `services` section gives. */
export interface ServiceNetwork {
  /** Services' virtual IPs come from here, e.g. 10.96.0.0/16 */
  clusterIPRange: string;
  /** the DNS Service's IP, the 10th of the range by convention (10.96.0.10) */
  dnsServiceIP: string;
  /** e.g. 30000-32767 */
  nodePortRange: { first: number; last: number };
  /** the cluster domain, default `cluster.local` */
  clusterDomain: string;
  /** where NodePorts listen on a local node */
  nodeAddress: string;
}

/** What a discovery or load-balancer plugin gets when the control plane starts it. */
export interface ServicePluginContext {
  client: ApiClient;
  catalog: ServiceCatalog;
  network: ServiceNetwork;
  logger: Logger;
}

/** A running discovery or load-balancer implementation. */
export interface ServiceRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A DNS (or other discovery) server for the cluster domain: `discovery/dns`. */
export interface DiscoveryFactory<Options = unknown> {
  readonly name: string;
  readonly optionsSchema: StandardSchemaV1<unknown, Options>;
  create(options: Options, context: ServicePluginContext): ServiceRuntime;
}

/**
 * What makes ClusterIPs and NodePorts carry traffic to endpoints: `lb/iptables`,
 * `lb/proxy`. Load balancers are alternatives, not layers: the control plane
 * runs the first one listed in kubernel.yaml whose `unavailable()` finds
 * nothing missing on this host (kube-proxy's mode detection), and no other.
 */
export interface LoadBalancerFactory<Options = unknown> {
  readonly name: string;
  readonly optionsSchema: StandardSchemaV1<unknown, Options>;
  /** why this host cannot run it (not root, a tool missing), or undefined when it can; absent means always can */
  unavailable?(): Promise<string | undefined>;
  create(options: Options, context: ServicePluginContext): ServiceRuntime;
}

export const discoveryProviders = createExtensionPoint<DiscoveryFactory>('discovery');
export const loadBalancers = createExtensionPoint<LoadBalancerFactory>('load-balancer');

/** Endpoints that may get a new connection: ready, or serving-and-terminating when nothing is ready (Kubernetes' fallback). */
export function routableEndpoints(service: ServiceInfo): EndpointInfo[] {
  const ready = service.endpoints.filter((e) => e.ready && !e.terminating);
  if (ready.length > 0) return ready;
  return service.endpoints.filter((e) => e.serving && e.terminating);
}
