import type { Socket } from 'node:net';

/** A proxied connection: the client's socket and the one to its endpoint. */
export interface ConnectionPair {
  client: Socket;
  upstream: Socket;
}

/**
 * The open connections of one Service port, by endpoint (`ip:port`): their
 * count drives least-connections and power-of-two-choices, and an endpoint
 * removed from the Service has its connections closed after a grace period.
 * An endpoint that is only terminating or unready keeps its connections
 * (they drain); one that comes back within the grace keeps them too.
 */
export class EndpointConnections {
  private readonly byEndpoint = new Map<string, Set<ConnectionPair>>();
  private readonly closing = new Map<string, NodeJS.Timeout>();

  constructor(private readonly graceMs: number) {}

  add(endpoint: string, pair: ConnectionPair): void {
    let pairs = this.byEndpoint.get(endpoint);
    if (pairs === undefined) this.byEndpoint.set(endpoint, (pairs = new Set()));
    pairs.add(pair);
  }

  delete(endpoint: string, pair: ConnectionPair): void {
    const pairs = this.byEndpoint.get(endpoint);
    if (pairs === undefined || !pairs.delete(pair) || pairs.size > 0) return;
    this.byEndpoint.delete(endpoint);
    clearTimeout(this.closing.get(endpoint));
    this.closing.delete(endpoint);
  }

  count(endpoint: string): number {
    return this.byEndpoint.get(endpoint)?.size ?? 0;
  }

  total(): number {
    let total = 0;
    for (const pairs of this.byEndpoint.values()) total += pairs.size;
    return total;
  }

  /** the Service's endpoints (any state) are now `present`: start or cancel the grace of the others */
  retain(present: ReadonlySet<string>): void {
    for (const endpoint of this.byEndpoint.keys()) {
      const timer = this.closing.get(endpoint);
      if (present.has(endpoint)) {
        clearTimeout(timer);
        this.closing.delete(endpoint);
      } else if (timer === undefined) {
        const closeLater = setTimeout(() => this.destroyEndpoint(endpoint), this.graceMs);
        closeLater.unref();
        this.closing.set(endpoint, closeLater);
      }
    }
  }

  destroyAll(): void {
    for (const endpoint of [...this.byEndpoint.keys()]) this.destroyEndpoint(endpoint);
  }

  private destroyEndpoint(endpoint: string): void {
    clearTimeout(this.closing.get(endpoint));
    this.closing.delete(endpoint);
    for (const pair of this.byEndpoint.get(endpoint) ?? []) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.byEndpoint.delete(endpoint);
  }
}
