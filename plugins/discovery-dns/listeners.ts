import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Transport } from './responder.ts';

export type DnsHandler = (message: Buffer, transport: Transport) => Promise<Buffer | undefined>;

/** A TCP client idle this long is disconnected (CoreDNS's read timeout). */
const TCP_IDLE_MS = 10_000;
/** Attempts at one free port for UDP and TCP together when the port is 0. */
const EPHEMERAL_ATTEMPTS = 5;

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
}

function bindUdp(address: string, port: number, handler: DnsHandler, logger: Logger): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      socket.on('error', (error) => logger.warn({ err: error, address }, 'DNS UDP socket error'));
      socket.on('message', (message, client) => {
        handler(message, 'udp')
          .then((response) => {
            // send() throws once the socket is closed (an answer that outlived stop())
            if (response !== undefined) socket.send(response, client.port, client.address);
          })
          .catch((error: unknown) => logger.warn({ err: error }, 'DNS query failed'));
      });
      resolve(socket);
    });
  });
}

/** RFC 1035 §4.2.2: each message on a TCP connection carries a two-byte length before it. */
function serveTcpConnection(socket: Socket, handler: DnsHandler, logger: Logger): void {
  let pending = Buffer.alloc(0);
  socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      const message = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      // answered as each completes: RFC 7766 lets a server reply out of order on one connection
      handler(Buffer.from(message), 'tcp')
        .then((response) => {
          if (response === undefined || socket.destroyed) return;
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(response.length);
          socket.write(Buffer.concat([prefix, response]));
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'DNS query failed'));
    }
  });
}

function bindTcp(address: string, port: number, handler: DnsHandler, logger: Logger, connections: Set<Socket>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
      serveTcpConnection(socket, handler, logger);
    });
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', (error) => logger.warn({ err: error, address }, 'DNS TCP server error'));
      resolve(server);
    });
  });
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

function closeTcp(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The server's sockets: UDP and TCP on the same port of every listen
 * address. Port 0 takes a free port, the same for every address and both
 * protocols.
 */
export class DnsListeners {
  private constructor(
    readonly port: number,
    private readonly udp: UdpSocket[],
    private readonly tcp: Server[],
    private readonly connections: Set<Socket>,
  ) {}

  static async open(addresses: readonly string[], port: number, handler: DnsHandler, logger: Logger): Promise<DnsListeners> {
    for (let attempt = 1; ; attempt++) {
      const connections = new Set<Socket>();
      const udp: UdpSocket[] = [];
      const tcp: Server[] = [];
      let chosen = port;
      try {
        for (const address of addresses) {
          const socket = await bindUdp(address, chosen, handler, logger);
          udp.push(socket);
          chosen = socket.address().port;
          tcp.push(await bindTcp(address, chosen, handler, logger, connections));
        }
        return new DnsListeners(chosen, udp, tcp, connections);
      } catch (error) {
        await Promise.all([...udp.map(closeUdp), ...tcp.map(closeTcp)]);
        if (port === 0 && isAddressInUse(error) && attempt < EPHEMERAL_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await Promise.all([...this.udp.map(closeUdp), ...this.tcp.map(closeTcp)]);
  }
}
