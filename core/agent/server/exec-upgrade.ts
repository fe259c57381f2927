import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import { badRequest } from '../../api/errors.ts';
import type { ContainerRuntime } from '../../contracts/runtime.ts';
import { execRequestFrom, type ContainerTarget } from './node-requests.ts';
import { SUPPORTED_PROTOCOLS, negotiateProtocol, offeredProtocols } from './remotecommand-protocol.ts';
import { runRemoteCommand } from './remotecommand-session.ts';
import type { ContainerResolver } from './types.ts';

/** `Upgrade: websocket` with `Connection: ... upgrade ...`, as wsstream.IsWebSocketRequest tells them. */
export function isWebSocketRequest(req: IncomingMessage): boolean {
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return false;
  return (req.headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .some((token) => token.trim() === 'upgrade');
}

/**
 * /exec/{namespace}/{pod}/{container} as a WebSocket upgrade. Everything that
 * can fail before the handshake (bad options, a container that is not
 * running, no common protocol) throws an ApiError for a Status response; once
 * the socket is accepted, failures travel on the error channel. SPDY, which
 * kubectl falls back to, is not spoken.
 */
export async function serveExecUpgrade(
  runtime: ContainerRuntime,
  resolve: ContainerResolver,
  wss: WebSocketServer,
  target: ContainerTarget,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  logger: Logger,
): Promise<void> {
  const request = execRequestFrom(target.query);
  // The container comes first: kubectl retries a failed WebSocket upgrade with SPDY, and that retry must see the same reason.
  const resolved = await resolve(target.namespace, target.pod, target.container, false);
  if ('error' in resolved) throw resolved.error;
  if (!isWebSocketRequest(req)) throw badRequest('unable to upgrade: only WebSocket upgrades are supported (Upgrade: websocket)');
  const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
  if (negotiateProtocol(offered) === undefined) {
    throw badRequest(`requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${SUPPORTED_PROTOCOLS.join(' ')}]`);
  }
  const exec = runtime.exec?.bind(runtime);
  if (exec === undefined || !runtime.capabilities.exec) throw badRequest(`the container runtime "${runtime.name}" does not support exec`);
  const session = logger.child({ namespace: target.namespace, pod: target.pod, container: target.container });
  wss.handleUpgrade(req, socket, head, (ws) => {
    const start = () => exec(resolved.containerId, { command: request.command, tty: request.tty, stdin: request.stdin });
    runRemoteCommand(ws, request, start, session).catch((error: unknown) => {
      session.warn({ err: error }, 'exec session failed');
      ws.terminate();
    });
  });
}
