import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiError, badRequest } from '../../api/errors.ts';
import { checkAccess } from './authorization.ts';
import { serveContainerLogs } from './container-logs.ts';
import { serveExecUpgrade } from './exec-upgrade.ts';
import { parseContainerTarget, type ContainerTarget } from './node-requests.ts';
import { PROTOCOL_V4, PROTOCOL_V5, negotiateProtocol } from './remotecommand-protocol.ts';
import { rejectUpgrade, sendStatus } from './responses.ts';
import { runtimeFailure } from './runtime-failure.ts';
import type { NodeServer, NodeServerOptions } from './types.ts';

const NOT_FOUND = 'the server could not find the requested resource';

/**
 * The node agent's HTTP server, kubelet's streaming endpoints: container logs
 * and exec, which the API server proxies `kubectl logs` and `kubectl exec` to.
 * Every request carries the caller's bearer token, checked against the pod it
 * names before anything else.
 */
export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const { runtime, resolve, authorize, logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => negotiateProtocol(protocols) ?? false,
  });
  const upgraded = new Set<Duplex>();

  const target = async (url: string, headers: IncomingMessage['headers']): Promise<ContainerTarget> => {
    const found = parseContainerTarget(url);
    if (found === undefined) throw new ApiError('NotFound', NOT_FOUND);
    const denied = await checkAccess(headers, found.namespace, found.pod, authorize);
    if (denied !== undefined) throw denied;
    return found;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const handle = async (): Promise<void> => {
      const found = await target(req.url ?? '/', req.headers);
      if (found.endpoint === 'exec') throw badRequest('Upgrade request required');
      if (req.method !== 'GET') throw new ApiError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      await serveContainerLogs(runtime, resolve, found, res, new Date());
    };
    handle().catch((error: unknown) => {
      const failure = runtimeFailure(error);
      if (failure.code === 'InternalError') logger.error({ err: error, url: req.url }, 'node server request failed');
      sendStatus(res, failure);
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    socket.on('error', (error) => logger.debug({ err: error }, 'exec socket error'));
    const handle = async (): Promise<void> => {
      const found = await target(req.url ?? '/', req.headers);
      if (found.endpoint !== 'exec') throw new ApiError('NotFound', NOT_FOUND);
      if (req.method !== 'GET' && req.method !== 'POST') throw new ApiError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      await serveExecUpgrade(runtime, resolve, wss, found, req, socket, head, logger);
    };
    handle().catch((error: unknown) => {
      const failure = runtimeFailure(error);
      if (failure.code === 'InternalError') logger.error({ err: error, url: req.url }, 'node server upgrade failed');
      rejectUpgrade(socket, failure);
    });
  });

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      ready();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  logger.info({ host: options.host, port, protocols: [PROTOCOL_V5, PROTOCOL_V4] }, 'node server listening');

  return {
    port,
    close: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      for (const ws of wss.clients) ws.terminate();
      for (const socket of upgraded) socket.destroy();
      server.closeAllConnections();
      wss.close();
      await closed;
    },
  };
}
