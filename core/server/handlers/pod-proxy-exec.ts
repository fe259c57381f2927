import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { connect } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError, badRequest } from '../../api/errors.ts';
import type { Query } from '../query.ts';
import { parseResourcePath } from '../request-path.ts';
import type { ApiContext } from './context.ts';
import { bearerTokenAccepted } from '../auth.ts';
import { containerPath, locatePodContainer } from './pod-proxy-location.ts';
import { failureStatus } from './pod-proxy-failure.ts';
import { joinHostPort, type NodeEndpoint } from './pod-proxy-node.ts';
import { podExecRequest } from './pod-proxy-options.ts';
import { dialError } from './pod-proxy-upstream.ts';

const NOT_FOUND = 'the server could not find the requested resource';

/** Open tunnels, so that stopping the API server does not wait for an interactive shell to end. */
export interface UpgradeTunnels {
  closeAll(): void;
}

/** pods/NAME/exec of a core/v1 URL: its namespace and pod; undefined for any other upgrade. */
export function execTarget(url: string): { namespace: string; name: string } | undefined {
  const path = parseResourcePath(url);
  if (path === undefined || path.group !== '' || path.version !== 'v1' || path.plural !== 'pods' || path.subresource !== 'exec') return undefined;
  if (path.namespace === undefined || path.name === undefined) return undefined;
  return { namespace: path.namespace, name: path.name };
}

/**
 * Answers upgrade requests on the raw server, where fastify never sees them:
 * pods/NAME/exec is authenticated with the API server's bearer tokens,
 * located (pod, container, node), and then tunnelled byte for byte to the
 * node agent's /exec with the path rewritten, as kube-apiserver's
 * UpgradeAwareHandler does. The agent's answer, a 101 Switching Protocols or
 * an error Status, goes back to the client untouched. Failures before the
 * tunnel are Status responses written by hand.
 */
export function attachExecUpgrade(server: { on(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown }, api: ApiContext, tokens: () => readonly string[], logger: FastifyBaseLogger): UpgradeTunnels {
  const open = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', (error) => logger.debug({ err: error }, 'exec client socket error'));
    upgrade(api, tokens, req, socket, head, open).catch((error: unknown) => {
      const failure = failureStatus(error);
      if (failure.unexpected) logger.error({ err: error, url: req.url }, 'exec upgrade failed');
      writeStatus(socket, failure.code, failure.body);
    });
  });
  return {
    closeAll: () => {
      for (const socket of open) socket.destroy();
    },
  };
}

async function upgrade(api: ApiContext, tokens: () => readonly string[], req: IncomingMessage, socket: Duplex, head: Buffer, open: Set<Duplex>): Promise<void> {
  const url = req.url ?? '/';
  const target = execTarget(url);
  if (target === undefined) throw new ApiError('NotFound', NOT_FOUND);
  if (!bearerTokenAccepted(req.headers.authorization, tokens())) throw new ApiError('Unauthorized', 'Unauthorized');
  if (req.method !== 'GET' && req.method !== 'POST') throw new ApiError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const queryAt = url.indexOf('?');
  const query: Query = queryAt === -1 ? {} : parseQueryString(url.slice(queryAt + 1));
  const request = podExecRequest(query);
  const location = await locatePodContainer(api, target.namespace, target.name, request.container);
  if (location.node === undefined) throw badRequest(`pod ${target.name} does not have a host assigned`);
  const path = containerPath('exec', target.namespace, target.name, location.container, request.kubeletQuery);
  await tunnel(location.node, req, path, socket, head, open);
}

/** Connects to the agent, replays the upgrade request with the new path, then pipes both ways until either side closes. */
function tunnel(node: NodeEndpoint, req: IncomingMessage, path: string, client: Duplex, head: Buffer, open: Set<Duplex>): Promise<void> {
  return new Promise((resolve, reject) => {
    const upstream = connect({ host: node.host, port: node.port });
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    const dialFailed = (error: Error): void => reject(dialError(node, error));
    upstream.once('error', dialFailed);
    upstream.once('connect', () => {
      upstream.off('error', dialFailed);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      upstream.setNoDelay(true);
      upstream.write(requestHead(req, path, joinHostPort(node)));
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
      resolve();
    });
  });
}

/** The client's request line and headers, with the agent's path and Host; everything else (Upgrade, Sec-WebSocket-*, Authorization) as sent. */
export function requestHead(req: IncomingMessage, path: string, host: string): string {
  const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${host}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    if (name.toLowerCase() === 'host') continue;
    lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ''}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function writeStatus(socket: Duplex, code: number, status: Record<string, unknown>): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(status);
  const head = [`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
