import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';
import type { Answer } from 'dns-packet';
import type { Upstream } from './upstreams.ts';

/**
 * Relays queries for names outside the cluster domain to the upstream
 * resolvers over UDP, as CoreDNS's `forward` does: the client's message goes
 * out unchanged from a fresh socket (a new source port per query), and the
 * first answer from that upstream with the same ID comes back unchanged.
 * Upstreams are tried in order, each for `timeoutMs`; when none answers the
 * caller gets undefined (SERVFAIL for the client).
 */
export class Forwarder {
  private readonly inFlight = new Set<Socket>();
  private closed = false;

  constructor(
    readonly upstreams: readonly Upstream[],
    private readonly timeoutMs: number,
  ) {}

  async forward(query: Buffer): Promise<Buffer | undefined> {
    if (query.length < 2) return undefined;
    const id = query.readUInt16BE(0);
    for (const upstream of this.upstreams) {
      if (this.closed) return undefined;
      const response = await this.exchange(upstream, query, id);
      if (response !== undefined) return response;
    }
    return undefined;
  }

  /** The answer records for `name`, for an ExternalName's target; [] when the upstreams fail or deny it. */
  async lookup(name: string, type: 'A' | 'AAAA'): Promise<Answer[]> {
    const query = packet.encode({ type: 'query', id: randomInt(0, 65_536), flags: packet.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] });
    const response = await this.forward(query);
    if (response === undefined) return [];
    try {
      const decoded = packet.decode(response);
      return ((decoded.flags ?? 0) & 0xf) === 0 ? (decoded.answers ?? []) : [];
    } catch {
      return [];
    }
  }

  close(): void {
    this.closed = true;
    for (const socket of this.inFlight) socket.close();
    this.inFlight.clear();
  }

  private exchange(upstream: Upstream, query: Buffer, id: number): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const socket = createSocket(isIPv6(upstream.address) ? 'udp6' : 'udp4');
      this.inFlight.add(socket);
      let settled = false;
      const finish = (response: Buffer | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(socket);
        try {
          socket.close();
        } catch {
          // already closed by close()
        }
        resolve(response);
      };
      const timer = setTimeout(() => finish(undefined), this.timeoutMs);
      socket.on('error', () => finish(undefined));
      socket.on('close', () => finish(undefined));
      socket.on('message', (message, remote) => {
        // only the upstream we asked, answering this query, counts (anything else may be spoofed)
        if (remote.address !== upstream.address || remote.port !== upstream.port) return;
        if (message.length < 12 || message.readUInt16BE(0) !== id) return;
        finish(message);
      });
      socket.send(query, upstream.port, upstream.address, (error) => {
        if (error) finish(undefined);
      });
    });
  }
}
