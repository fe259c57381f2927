import { connect, isIPv6, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { routableEndpoints, type ServiceInfo, type ServicePortInfo } from '../../core/index.ts';
import { ClientAffinity } from './client-affinity.ts';
import { chooseEndpoint, type Candidate, type ChooserState } from './endpoint-chooser.ts';
import { EndpointConnections, type ConnectionPair } from './endpoint-connections.ts';
import { addressKey, ListenerSet, type ListenAddress } from './listener-set.ts';
import type { Algorithm } from './options.ts';
import { splice } from './splice.ts';

/**
 * How long each connect attempt to an endpoint may take, by attempt (the
 * last repeats): kube-proxy's userspace proxier used the same ladder. A
 * refused connection fails at once; these bound a silent one.
 */
export const CONNECT_TIMEOUTS_MS = [250, 500, 1000, 2000] as const;

export interface ServicePortProxyOptions {
  algorithm: Algorithm;
  removedEndpointGraceMs: number;
  listenRetryMs: number;
  logger: Logger;
  now: () => number;
  random: () => number;
}

interface Target {
  key: string;
  ip: string;
  port: number;
}

/**
 * One port of one Service: its listeners (ClusterIP, NodePort) and the
 * connections they accepted. Each new connection goes to a routable
 * endpoint chosen by the algorithm (or the client's, under ClientIP
 * affinity); a refused or silent endpoint is skipped for the next one, so a
 * client only fails when none answers.
 */
export class ServicePortProxy {
  private targets: Target[] = [];
  private affinity: { timeoutSeconds: number } | undefined;
  private readonly clients: ClientAffinity;
  private readonly connections: EndpointConnections;
  private readonly chooser: ChooserState = { cursor: 0 };
  private readonly listeners: ListenerSet;
  private readonly name: string;

  constructor(
    service: ServiceInfo,
    port: ServicePortInfo,
    private readonly options: ServicePortProxyOptions,
  ) {
    this.name = `${service.namespace}/${service.name}:${port.name || port.port}`;
    this.clients = new ClientAffinity(options.now);
    this.connections = new EndpointConnections(options.removedEndpointGraceMs);
    this.listeners = new ListenerSet({ onConnection: (socket) => this.accept(socket), logger: options.logger.child({ service: this.name }), retryMs: options.listenRetryMs });
    this.update(service, port);
  }

  /** takes the Service's current endpoints and settings; applies to the next connection accepted */
  update(service: ServiceInfo, port: ServicePortInfo): void {
    this.targets = targetsOf(routableEndpoints(service), port.name);
    const present = new Set(targetsOf(service.endpoints, port.name).map((t) => t.key));
    this.connections.retain(present);
    if (service.sessionAffinity === 'ClientIP') {
      this.affinity = { timeoutSeconds: service.sessionAffinityTimeoutSeconds };
    } else {
      this.affinity = undefined;
      this.clients.clear();
    }
  }

  listen(addresses: readonly ListenAddress[]): Promise<void> {
    return this.listeners.reconcile(addresses);
  }

  listening(): string[] {
    return this.listeners.listening();
  }

  activeConnections(endpoint?: string): number {
    return endpoint === undefined ? this.connections.total() : this.connections.count(endpoint);
  }

  /** the Service port went away: no new connections; open ones end within the grace, as if every endpoint were removed */
  async close(): Promise<void> {
    await this.listeners.close();
    this.connections.retain(new Set());
  }

  /** the proxy stops: everything closes now */
  async destroy(): Promise<void> {
    await this.listeners.close();
    this.connections.destroyAll();
  }

  private accept(client: Socket): void {
    // errors before the endpoint answers end the attempt through 'close'
    client.on('error', () => undefined);
    // getpeername is a syscall: only affinity needs the client's address
    const clientIP = this.affinity === undefined ? '' : normalizeIP(client.remoteAddress ?? '');
    this.connectUpstream(client, clientIP, new Set(), 0);
  }

  private connectUpstream(client: Socket, clientIP: string, tried: Set<string>, attempt: number): void {
    if (client.destroyed) return;
    const target = this.pick(tried, clientIP, attempt);
    if (target === undefined) {
      if (attempt > 0) this.options.logger.debug({ service: this.name, tried: [...tried] }, 'no endpoint accepted the connection');
      // a reset, as kube-proxy's REJECT rule for a Service without endpoints makes the client see a refusal
      client.resetAndDestroy();
      return;
    }
    tried.add(target.key);
    const upstream = connect({ host: target.ip, port: target.port, allowHalfOpen: true, noDelay: true });
    const pair: ConnectionPair = { client, upstream };
    this.connections.add(target.key, pair);
    upstream.once('close', () => this.connections.delete(target.key, pair));
    const timeoutMs = CONNECT_TIMEOUTS_MS[Math.min(attempt, CONNECT_TIMEOUTS_MS.length - 1)] ?? 2000;
    const timer = setTimeout(() => upstream.destroy(new Error(`connect to ${target.key} timed out after ${timeoutMs} ms`)), timeoutMs);
    const abort = (): void => {
      clearTimeout(timer);
      upstream.destroy();
    };
    const failed = (error: Error): void => {
      clearTimeout(timer);
      client.off('close', abort);
      this.options.logger.debug({ service: this.name, endpoint: target.key, err: error.message }, 'endpoint did not accept; trying another');
      this.connectUpstream(client, clientIP, tried, attempt + 1);
    };
    client.once('close', abort);
    upstream.once('error', failed);
    upstream.once('connect', () => {
      clearTimeout(timer);
      upstream.off('error', failed);
      client.off('close', abort);
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      if (this.affinity !== undefined) this.clients.record(clientIP, target.key, this.affinity.timeoutSeconds);
      splice(client, upstream);
    });
  }

  private pick(tried: ReadonlySet<string>, clientIP: string, attempt: number): Target | undefined {
    const targets = this.targets;
    if (this.affinity !== undefined && attempt === 0) {
      const sticky = this.clients.lookup(clientIP, this.affinity.timeoutSeconds);
      const target = sticky === undefined ? undefined : targets.find((t) => t.key === sticky);
      if (target !== undefined) return target;
    }
    const countLoad = this.options.algorithm !== 'round-robin';
    const loads: Candidate[] = targets.map((t) => ({ key: t.key, active: countLoad ? this.connections.count(t.key) : 0, excluded: tried.has(t.key) }));
    const index = chooseEndpoint(this.options.algorithm, loads, this.chooser, this.options.random);
    return index === undefined ? undefined : targets[index];
  }
}

function targetsOf(endpoints: ServiceInfo['endpoints'], portName: string): Target[] {
  const targets: Target[] = [];
  for (const endpoint of endpoints) {
    const port = endpoint.ports.get(portName);
    if (port !== undefined && port > 0) targets.push({ key: addressKey(endpoint.ip, port), ip: endpoint.ip, port });
  }
  return targets;
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is the client 10.0.0.1 */
function normalizeIP(address: string): string {
  return address.startsWith('::ffff:') && !isIPv6(address.slice(7)) ? address.slice(7) : address;
}
