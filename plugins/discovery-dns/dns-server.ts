import type { ServicePluginContext, ServiceRuntime } from '../../core/index.ts';
import { ClusterZone } from './cluster-zone.ts';
import { Forwarder } from './forwarder.ts';
import { KubeDnsKeeper } from './kube-dns-keeper.ts';
import { DnsListeners } from './listeners.ts';
import { LoopbackAddresses, needsNoInterface } from '../../core/index.ts';
import type { DnsOptions } from './options.ts';
import { Responder } from './responder.ts';
import { formatUpstream, hostUpstreams, parseUpstream, type Upstream } from './upstreams.ts';

/** where the server listens when port 53 is refused (not root), as a developer's local resolver would */
const UNPRIVILEGED_FALLBACK_PORT = 5353;

/** Where the server listens when its addresses cannot be added to `lo`. */
const FALLBACK_ADDRESS = '127.0.0.1';

export interface DnsServerDependencies {
  loopback?: LoopbackAddresses;
  /** the host's resolv.conf, for the default upstreams */
  resolvConfPath?: string;
}

/**
 * The cluster DNS: CoreDNS's role with the Corefile kubeadm writes
 * (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure;
 * fallthrough in-addr.arpa ip6.arpa }`, `forward . /etc/resolv.conf`),
 * answering from the ServiceCatalog on UDP and TCP.
 */
export class DnsServer implements ServiceRuntime {
  private listeners: DnsListeners | undefined;
  private forwarder: Forwarder | undefined;
  private keeper: KubeDnsKeeper | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly loopback: LoopbackAddresses;
  private addresses: string[] = [];
  private serial = Math.floor(Date.now() / 1000);
  private synced = false;
  private refusalLogged = false;

  constructor(
    private readonly options: DnsOptions,
    private readonly context: ServicePluginContext,
    private readonly dependencies: DnsServerDependencies = {},
  ) {
    this.loopback = dependencies.loopback ?? new LoopbackAddresses();
  }

  /** the port the server listens on (the option's, or the one picked for port 0) */
  get port(): number {
    return this.listeners?.port ?? this.options.port;
  }

  /** the addresses the server listens on */
  get listenAddresses(): readonly string[] {
    return this.addresses;
  }

  get upstreams(): readonly Upstream[] {
    return this.forwarder?.upstreams ?? [];
  }

  async start(): Promise<void> {
    const { catalog, network, logger } = this.context;
    this.addresses = await this.claimAddresses();
    const upstreams = await this.resolveUpstreams();
    this.forwarder = upstreams.length === 0 ? undefined : new Forwarder(upstreams, this.options.upstreamTimeoutMs);
    void catalog.synced().then(() => (this.synced = true));
    this.unsubscribe = catalog.onChange(() => (this.serial = Math.max(this.serial + 1, Math.floor(Date.now() / 1000))));
    const forwarder = this.forwarder;
    const zone = new ClusterZone({
      catalog,
      domain: network.clusterDomain,
      ttl: this.options.ttl,
      nameserverIPs: () => [network.dnsServiceIP],
      serial: () => this.serial,
      synced: () => this.synced,
      resolveExternal: (name, type) => forwarder?.lookup(name, type) ?? Promise.resolve([]),
    });
    const responder = new Responder({ zone, forwarder, onRefused: (name) => this.logRefusal(name) });
    const handler = (message: Parameters<typeof responder.respond>[0], transport: Parameters<typeof responder.respond>[1]): ReturnType<typeof responder.respond> =>
      responder.respond(message, transport);
    try {
      this.listeners = await DnsListeners.open(this.addresses, this.options.port, handler, logger);
    } catch (error) {
      // Without root a port below 1024 is refused: serve on an unprivileged one rather than stop the control plane.
      if (!(error instanceof Error && 'code' in error && error.code === 'EACCES')) throw error;
      logger.warn({ port: this.options.port, fallbackPort: UNPRIVILEGED_FALLBACK_PORT }, `cannot listen on port ${this.options.port} (root is needed): cluster DNS listens on ${UNPRIVILEGED_FALLBACK_PORT}; pods cannot use it`);
      this.listeners = await DnsListeners.open(this.addresses, UNPRIVILEGED_FALLBACK_PORT, handler, logger);
    }
    logger.info(
      { listen: this.addresses, port: this.listeners.port, domain: network.clusterDomain, upstream: upstreams.map(formatUpstream) },
      'cluster DNS listening',
    );
    if (this.options.createService) this.keepService();
  }

  async stop(): Promise<void> {
    this.keeper?.stop();
    this.unsubscribe?.();
    this.forwarder?.close();
    await this.listeners?.close();
    this.listeners = undefined;
    const failures = await this.loopback.removeAll();
    for (const failure of failures) this.context.logger.warn(`cannot remove address from lo: ${failure}`);
  }

  /** resolves once the kube-dns objects were last ensured (tests) */
  async serviceSettled(): Promise<void> {
    await this.keeper?.idle();
  }

  /** The listen addresses that exist (or could be added to lo); 127.0.0.1 when none could. */
  private async claimAddresses(): Promise<string[]> {
    const wanted = [...new Set(this.options.listen ?? [this.context.network.dnsServiceIP])];
    const claimed: string[] = [];
    for (const address of wanted) {
      const result = await this.loopback.ensure(address);
      if (result.ok) claimed.push(address);
      else this.context.logger.warn(`cannot add ${address} to lo (${result.reason}): not listening on it`);
    }
    if (claimed.length > 0) return claimed;
    this.context.logger.warn(
      `cluster DNS listens on ${FALLBACK_ADDRESS} only: pods cannot reach it at ${wanted.join(', ')} (adding an address to lo needs root)`,
    );
    return [FALLBACK_ADDRESS];
  }

  private async resolveUpstreams(): Promise<Upstream[]> {
    if (this.options.upstream !== undefined) {
      return this.options.upstream.map(parseUpstream).filter((upstream): upstream is Upstream => upstream !== undefined);
    }
    const exclude = [this.context.network.dnsServiceIP, ...this.addresses];
    return hostUpstreams(exclude, this.dependencies.resolvConfPath);
  }

  private logRefusal(name: string): void {
    if (this.refusalLogged) return;
    this.refusalLogged = true;
    this.context.logger.warn(
      { name },
      `cluster DNS has no upstream server: names outside ${this.context.network.clusterDomain} are REFUSED (set the discovery/dns option "upstream"; logged once)`,
    );
  }

  private keepService(): void {
    const { client, catalog, network, logger } = this.context;
    const endpointIPs = this.addresses.filter((address) => !needsNoInterface(address));
    if (endpointIPs.length === 0) {
      logger.warn(`not creating Service kube-system/kube-dns: the cluster DNS listens on ${this.addresses.join(', ')}, which no pod can reach`);
      return;
    }
    this.keeper = new KubeDnsKeeper(client, catalog, { clusterIP: network.dnsServiceIP, endpointIPs, port: this.listeners?.port ?? this.options.port }, logger);
    this.keeper.start();
  }
}
