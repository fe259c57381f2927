import { randomInt } from 'node:crypto';
import { createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import pino from 'pino';
import { proxyOptionsSchema, type ProxyOptions } from './options.ts';
import { ServiceProxier } from './service-proxier.ts';
import { FakeServiceCatalog } from '../../test/support/service-info.ts';

/**
 * Helpers of the proxy's integration tests: backends on distinct loopback
 * addresses (all of 127/8 is local), so endpoint IPs differ as pods' do,
 * and a proxier over a catalog the test changes live.
 */

/** a random 127.a.b.0 prefix: parallel test files do not share addresses */
export function loopbackPrefix(): string {
  return `127.${randomInt(100, 250)}.${randomInt(1, 250)}`;
}

export interface HttpBackend {
  ip: string;
  port: number;
  /** requests served */
  hits: number;
  /** stops accepting, lets requests in flight finish (a pod's graceful exit) */
  stopListening(): Promise<void>;
  close(): Promise<void>;
}

/** An HTTP server on ip:port (0: a free port) answering its own ip. */
export async function startHttpBackend(ip: string, port = 0): Promise<HttpBackend> {
  const server: HttpServer = createHttpServer((req, res) => {
    backend.hits++;
    res.end(ip);
  });
  await listenOn(server, ip, port);
  const backend: HttpBackend = {
    ip,
    port: portOf(server),
    hits: 0,
    stopListening: () => {
      server.closeIdleConnections();
      return closeServer(server);
    },
    close: () => {
      server.closeAllConnections();
      return closeServer(server);
    },
  };
  return backend;
}

export interface TcpBackend {
  ip: string;
  port: number;
  /** connections open now */
  open: Set<Socket>;
  close(): Promise<void>;
}

/**
 * A TCP server on ip:(free port) that greets with `<ip>\n`, then echoes;
 * when the client half-closes, it sends `bye` and closes its side.
 */
export async function startTcpBackend(ip: string): Promise<TcpBackend> {
  const open = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    socket.write(`${ip}\n`);
    socket.pipe(socket, { end: false });
    socket.on('end', () => socket.end('bye'));
  });
  await listenOn(server, ip);
  return {
    ip,
    port: portOf(server),
    open,
    close: async () => {
      for (const socket of open) socket.destroy();
      await closeServer(server);
    },
  };
}

/** GET http://host:port/ on a new connection; resolves with the body. */
export function httpGet(host: string, port: number, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/', agent: false, localAddress, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** A connection to host:port whose first line (the backend's greeting) is read. */
export async function openTcp(host: string, port: number): Promise<{ socket: Socket; greeting: string; received: () => string; ended: Promise<void> }> {
  const socket = connect({ host, port, allowHalfOpen: true });
  // the far side finished (FIN or reset): the connection is over for the client
  const ended = new Promise<void>((resolve) => {
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
  });
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    const check = (): void => {
      if (data.includes('\n')) {
        socket.off('data', check);
        socket.off('error', reject);
        resolve();
      }
    };
    socket.on('data', check);
    socket.once('close', () => reject(new Error(`connection to ${host}:${port} closed before a greeting`)));
  });
  return { socket, greeting: data.slice(0, data.indexOf('\n')), received: () => data, ended };
}

export function closed(socket: Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

export async function startProxier(options: Partial<ProxyOptions>, nodeAddress = '127.0.0.1'): Promise<{ catalog: FakeServiceCatalog; proxier: ServiceProxier }> {
  const catalog = new FakeServiceCatalog();
  const proxier = new ServiceProxier({ catalog, network: { nodeAddress }, logger: pino({ level: 'silent' }), options: proxyOptionsSchema.parse(options), listenRetryMs: 200 });
  await proxier.start();
  return { catalog, proxier };
}

export function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function listenOn(server: Server, ip: string, port = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => resolve());
  });
}

function portOf(server: Server): number {
  const address: AddressInfo | string | null = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
