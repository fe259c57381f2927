import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';

export interface ListenAddress {
  host: string;
  port: number;
}

export function addressKey(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

export interface ListenerSetOptions {
  onConnection: (socket: Socket) => void;
  logger: Logger;
  /** a listen that failed (port taken, address not on this host) is tried again this often */
  retryMs: number;
}

/**
 * The TCP listeners of one Service port (its ClusterIP, its NodePort): made
 * to match a wanted list, one change at a time. A listen that fails is
 * logged once and retried until it succeeds or is no longer wanted, since a
 * NodePort another process holds may be released later.
 */
export class ListenerSet {
  private readonly servers = new Map<string, Server>();
  private wanted: ListenAddress[] = [];
  private readonly reported = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ListenerSetOptions) {}

  /** listens on exactly these addresses once the returned promise settles */
  reconcile(addresses: readonly ListenAddress[]): Promise<void> {
    this.wanted = [...addresses];
    return this.enqueue(() => this.apply());
  }

  close(): Promise<void> {
    this.closed = true;
    this.wanted = [];
    clearTimeout(this.retryTimer);
    return this.enqueue(() => this.apply());
  }

  /** `host:port` of every listener now open */
  listening(): string[] {
    return [...this.servers.keys()];
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async apply(): Promise<void> {
    const wanted = new Map(this.wanted.map((a) => [addressKey(a.host, a.port), a]));
    const closing = [...this.servers].filter(([key]) => !wanted.has(key));
    for (const [key] of closing) this.servers.delete(key);
    await Promise.all(closing.map(([, server]) => closeServer(server)));
    let failed = false;
    for (const [key, address] of wanted) {
      if (this.servers.has(key)) continue;
      try {
        this.servers.set(key, await this.listen(address));
        if (this.reported.delete(key)) this.options.logger.info({ address: key }, 'service listener open after an earlier failure');
      } catch (error) {
        failed = true;
        if (!this.reported.has(key)) {
          this.reported.add(key);
          this.options.logger.warn({ address: key, err: error instanceof Error ? error.message : String(error) }, 'cannot listen for a Service port; retrying');
        }
      }
    }
    for (const key of this.reported) if (!wanted.has(key)) this.reported.delete(key);
    clearTimeout(this.retryTimer);
    if (failed && !this.closed) {
      this.retryTimer = setTimeout(() => void this.enqueue(() => this.apply()).catch(() => undefined), this.options.retryMs);
      this.retryTimer.unref();
    }
  }

  private listen(address: ListenAddress): Promise<Server> {
    return new Promise((resolve, reject) => {
      // allowHalfOpen: a client's FIN is passed on to the endpoint, whose answer may still come back
      const server = createServer({ allowHalfOpen: true, noDelay: true }, this.options.onConnection);
      server.once('error', reject);
      server.listen({ host: address.host, port: address.port, exclusive: true, backlog: 4096 }, () => {
        server.off('error', reject);
        server.on('error', (error) => this.options.logger.warn({ address: addressKey(address.host, address.port), err: error.message }, 'service listener error'));
        resolve(server);
      });
    });
  }
}

/** Stops accepting; its open connections are not waited for (close's callback would wait for them all to end). */
function closeServer(server: Server): Promise<void> {
  server.close();
  // the listening handle is released on the next turn of the loop
  return new Promise((resolve) => setImmediate(resolve));
}
