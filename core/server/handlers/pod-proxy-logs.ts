import { pipeline } from 'node:stream/promises';
import type { FastifyReply } from 'fastify';
import type { Query } from '../query.ts';
import type { ApiContext } from './context.ts';
import { containerPath, locatePodContainer } from './pod-proxy-location.ts';
import { podLogRequest } from './pod-proxy-options.ts';
import { getFromAgent, readErrorBody, upstreamFailure } from './pod-proxy-upstream.ts';

/**
 * GET pods/NAME/log: the container's log from the agent of the pod's node,
 * streamed through as it comes (kube-apiserver's LocationStreamer). A pod
 * that has no node yet has an empty log. When the client goes away, the
 * request to the agent is dropped, which ends a `follow` there too.
 */
export async function servePodLogs(api: ApiContext, namespace: string, name: string, query: Query, authorization: string | undefined, reply: FastifyReply): Promise<void> {
  const request = podLogRequest(name, query);
  const location = await locatePodContainer(api, namespace, name, request.container);
  if (location.node === undefined) {
    reply.code(200).type('text/plain').send('');
    return;
  }
  const path = containerPath('containerLogs', namespace, name, location.container, request.kubeletQuery);
  const upstream = await getFromAgent(location.node, path, authorization);
  const status = upstream.response.statusCode ?? 500;
  if (status < 200 || status > 206) throw upstreamFailure(status, await readErrorBody(upstream.response));
  reply.hijack();
  const res = reply.raw;
  res.on('close', () => upstream.request.destroy());
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  try {
    await pipeline(upstream.response, res);
  } catch {
    // The client left, or the agent's stream broke off: either way there is no one to tell.
  }
}
