import type { Logger } from 'pino';
import { serviceKey, type ServiceCatalog, type ServiceInfo, type ServiceNetwork, type ServicePortInfo, type ServiceRuntime } from '../../core/index.ts';
import type { ListenAddress } from './listener-set.ts';
import { LoopbackAddresses } from './loopback-addresses.ts';
import type { ProxyOptions } from './options.ts';
import { ServicePortProxy } from './service-port-proxy.ts';

export interface ServiceProxierDeps {
  catalog: ServiceCatalog;
  network: Pick<ServiceNetwork, 'nodeAddress'>;
  logger: Logger;
  options: ProxyOptions;
  /** the ClusterIPs put on `lo`; a fake in tests */
  addresses?: LoopbackAddresses;
  now?: () => number;
  random?: () => number;
  listenRetryMs?: number;
}

interface ProxiedService {
  /** the ClusterIP this Service's listeners are for, once it is usable on this host */
  clusterIP: string | undefined;
  ports: Map<string, ServicePortProxy>;
}

/**
 * kube-proxy for Kubernel: a user-space TCP proxy per Service port, on the
 * Service's ClusterIP (added to `lo`) and on the node address at its
 * NodePort. Endpoint changes from the catalog reach the port proxies at
 * once (they only swap a list); listener and address changes run one at a
 * time per Service, always towards the newest state of it.
 */
export class ServiceProxier implements ServiceRuntime {
  private readonly proxied = new Map<string, ProxiedService>();
  private readonly latest = new Map<string, ServiceInfo | undefined>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly addresses: LoopbackAddresses;
  private readonly logger: Logger;
  private readonly warnedPorts = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  private warnedAddresses = false;

  constructor(private readonly deps: ServiceProxierDeps) {
    this.addresses = deps.addresses ?? new LoopbackAddresses();
    this.logger = deps.logger;
  }

  async start(): Promise<void> {
    this.unsubscribe = this.deps.catalog.onChange((key, service) => this.changed(key, service));
    for (const service of this.deps.catalog.services()) this.changed(serviceKey(service.namespace, service.name), service);
    await this.idle();
    this.logger.info({ algorithm: this.deps.options.algorithm, services: this.proxied.size }, 'service proxy started');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.idle();
    const ports = [...this.proxied.values()].flatMap((s) => [...s.ports.values()]);
    this.proxied.clear();
    await Promise.all(ports.map((p) => p.destroy()));
    await this.addresses.removeAll();
  }

  /** resolves once every change seen so far is applied to listeners and addresses */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** `host:port` of every open listener, for tests and diagnostics */
  listening(): string[] {
    return [...this.proxied.values()].flatMap((s) => [...s.ports.values()].flatMap((p) => p.listening()));
  }

  /** the port proxy of a Service port, by port name */
  portProxy(namespace: string, name: string, portName: string): ServicePortProxy | undefined {
    return this.proxied.get(serviceKey(namespace, name))?.ports.get(portName);
  }

  private changed(key: string, service: ServiceInfo | undefined): void {
    if (this.stopped) return;
    this.latest.set(key, service);
    const proxied = this.proxied.get(key);
    if (proxied !== undefined && service !== undefined) {
      // new connections follow the catalog at once, before any listener work
      for (const port of proxiedPorts(service)) proxied.ports.get(port.name)?.update(service, port);
    }
    this.schedule(key);
  }

  private schedule(key: string): void {
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          this.dirty.delete(key);
          await this.reconcile(key).catch((error: unknown) => this.logger.error({ service: key, err: error instanceof Error ? error.message : String(error) }, 'service proxy update failed'));
        } while (this.dirty.has(key) && !this.stopped);
      } finally {
        this.running.delete(key);
      }
    };
    this.running.set(key, run());
  }

  private async reconcile(key: string): Promise<void> {
    if (this.stopped) return;
    const service = this.latest.get(key);
    const wanted = service !== undefined && hasClusterIP(service) ? service : undefined;
    const proxied = this.proxied.get(key) ?? { clusterIP: undefined, ports: new Map<string, ServicePortProxy>() };
    const ports = wanted === undefined ? [] : proxiedPorts(wanted);
    if (wanted !== undefined) this.warnUnproxiedPorts(wanted);

    // what is no longer wanted goes first: ports, then a ClusterIP that changed
    for (const [name, proxy] of proxied.ports) {
      if (ports.some((p) => p.name === name)) continue;
      proxied.ports.delete(name);
      await proxy.close();
    }
    if (proxied.clusterIP !== undefined && proxied.clusterIP !== wanted?.clusterIP) {
      for (const [name, proxy] of proxied.ports) await proxy.listen(this.listenAddresses(undefined, wanted, ports.find((p) => p.name === name)));
      await this.addresses.remove(proxied.clusterIP);
      proxied.clusterIP = undefined;
    }
    if (wanted === undefined) {
      this.proxied.delete(key);
      // unless the Service came back meanwhile (the loop then runs again for it)
      if (this.latest.get(key) === service) this.latest.delete(key);
      return;
    }
    this.proxied.set(key, proxied);
    if (proxied.clusterIP === undefined && (await this.clusterIPUsable(wanted.clusterIP))) proxied.clusterIP = wanted.clusterIP;
    // the newest state: the address work above may have let later changes in
    const current = this.latest.get(key) ?? wanted;
    for (const port of ports) {
      let proxy = proxied.ports.get(port.name);
      if (proxy === undefined) {
        proxy = new ServicePortProxy(current, port, {
          algorithm: this.deps.options.algorithm,
          removedEndpointGraceMs: this.deps.options.removedEndpointGraceSeconds * 1000,
          listenRetryMs: this.deps.listenRetryMs ?? 5000,
          logger: this.logger,
          now: this.deps.now ?? Date.now,
          random: this.deps.random ?? Math.random,
        });
        proxied.ports.set(port.name, proxy);
      }
      await proxy.listen(this.listenAddresses(proxied.clusterIP, wanted, port));
    }
  }

  private listenAddresses(clusterIP: string | undefined, service: ServiceInfo | undefined, port: ServicePortInfo | undefined): ListenAddress[] {
    if (service === undefined || port === undefined) return [];
    const addresses: ListenAddress[] = [];
    if (clusterIP !== undefined && !servedOnClusterIP(service, clusterIP)) addresses.push({ host: clusterIP, port: port.port });
    const exposesNodePort = service.type === 'NodePort' || service.type === 'LoadBalancer';
    if (this.deps.options.nodePorts && exposesNodePort && port.nodePort > 0) addresses.push({ host: this.deps.network.nodeAddress, port: port.nodePort });
    return addresses;
  }

  private async clusterIPUsable(clusterIP: string): Promise<boolean> {
    // not adding addresses: listen where the operator made the ClusterIP local (a failed listen is retried)
    if (!this.deps.options.bindClusterIPs) return true;
    const result = await this.addresses.add(clusterIP);
    if (result !== 'unavailable') return true;
    if (!this.warnedAddresses) {
      this.warnedAddresses = true;
      this.logger.warn({ reason: this.addresses.unavailableReason }, 'cannot add ClusterIPs to lo (root is needed): serving NodePorts only');
    }
    return false;
  }

  private warnUnproxiedPorts(service: ServiceInfo): void {
    for (const port of service.ports) {
      const id = `${service.namespace}/${service.name}:${port.protocol}/${port.port}`;
      if (port.protocol === 'TCP' || this.warnedPorts.has(id)) continue;
      this.warnedPorts.add(id);
      this.logger.info({ service: `${service.namespace}/${service.name}`, port: port.port, protocol: port.protocol }, 'lb/proxy forwards TCP only; this port is not proxied');
    }
  }
}

function hasClusterIP(service: ServiceInfo): boolean {
  return service.type !== 'ExternalName' && service.clusterIP !== '' && service.clusterIP !== 'None';
}

/**
 * A Service whose endpoint is its own ClusterIP is served there directly
 * (kube-dns: discovery/dns listens on the DNS Service IP itself); a proxy
 * listener would take the server's port, or loop to itself.
 */
function servedOnClusterIP(service: ServiceInfo, clusterIP: string): boolean {
  return service.endpoints.some((e) => e.ip === clusterIP);
}

function proxiedPorts(service: ServiceInfo): ServicePortInfo[] {
  return service.ports.filter((p) => p.protocol === 'TCP');
}
