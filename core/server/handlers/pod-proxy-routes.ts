import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../api/errors.ts';
import { requestBindings } from '../error-handler.ts';
import type { Query } from '../query.ts';
import type { ApiContext } from './context.ts';
import { attachExecUpgrade } from './pod-proxy-exec.ts';
import { locatePodContainer } from './pod-proxy-location.ts';
import { failureStatus } from './pod-proxy-failure.ts';
import { podExecRequest } from './pod-proxy-options.ts';
import { servePodLogs } from './pod-proxy-logs.ts';

interface PodRoute {
  Params: { namespace: string; name: string };
  Querystring: Query;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const NOT_ALLOWED = 'the server does not allow this method on the requested resource';

/**
 * pods/NAME/log and pods/NAME/exec, which kube-apiserver proxies to the
 * kubelet of the pod's node. These routes are more specific than the
 * resource wildcard, so they take these two paths; an exec upgrade never
 * reaches fastify and is served on the raw server's 'upgrade' event.
 */
export function registerPodProxyRoutes(app: FastifyInstance, api: ApiContext, tokens: () => readonly string[]): void {
  const failed = (req: FastifyRequest, reply: FastifyReply, error: unknown): void => {
    const failure = failureStatus(error);
    if (failure.unexpected) req.log.error({ ...requestBindings(req), err: error }, 'pod proxy request failed');
    void reply.code(failure.code).type('application/json').send(JSON.stringify(failure.body));
  };

  app.route<PodRoute>({
    method: METHODS,
    url: '/api/v1/namespaces/:namespace/pods/:name/log',
    handler: async (req, reply) => {
      try {
        if (req.method !== 'GET') throw new ApiError('MethodNotAllowed', NOT_ALLOWED);
        await servePodLogs(api, req.params.namespace, req.params.name, req.query, req.headers.authorization, reply);
      } catch (error) {
        failed(req, reply, error);
      }
    },
  });

  app.route<PodRoute>({
    method: METHODS,
    url: '/api/v1/namespaces/:namespace/pods/:name/exec',
    handler: async (req, reply) => {
      try {
        if (req.method !== 'GET' && req.method !== 'POST') throw new ApiError('MethodNotAllowed', NOT_ALLOWED);
        // As UpgradeAwareHandler with UpgradeRequired: the pod is looked up first, so a missing one is still a 404.
        await locatePodContainer(api, req.params.namespace, req.params.name, podExecRequest(req.query).container);
        throw new ApiError('BadRequest', 'Upgrade request required');
      } catch (error) {
        failed(req, reply, error);
      }
    },
  });

  const tunnels = attachExecUpgrade(app.server, api, tokens, app.log);
  app.addHook('preClose', (done) => {
    tunnels.closeAll();
    done();
  });
}
