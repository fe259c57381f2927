import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { ApiError } from '../../api/errors.ts';
import { isRecord } from '../../api/types/meta.ts';
import { UnreachableNodeError } from './pod-proxy-failure.ts';
import { joinHostPort, type NodeEndpoint } from './pod-proxy-node.ts';

/** How much of an agent's error body is read, as kube-apiserver's response checker limits it. */
const MAX_ERROR_BODY = 64 * 1024;

export interface UpstreamResponse {
  request: ClientRequest;
  response: IncomingMessage;
}

/** "connect: connection refused", as Go names a dial failure, for the usual errno values. */
function dialFailure(error: unknown): string {
  const code = isRecord(error) ? error['code'] : undefined;
  if (code === 'ECONNREFUSED') return 'connect: connection refused';
  if (code === 'ETIMEDOUT') return 'i/o timeout';
  if (code === 'EHOSTUNREACH') return 'connect: no route to host';
  return error instanceof Error ? error.message : String(error);
}

/** A GET to the node's agent with the caller's credentials; resolves once the response headers are in. */
export function getFromAgent(node: NodeEndpoint, path: string, authorization: string | undefined): Promise<UpstreamResponse> {
  const url = `http://${joinHostPort(node)}${path}`;
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'GET', headers: authorization === undefined ? {} : { Authorization: authorization } });
    request.once('response', (response) => resolve({ request, response }));
    request.once('error', (error) => reject(new UnreachableNodeError(`Get ${JSON.stringify(url)}: dial tcp ${joinHostPort(node)}: ${dialFailure(error)}`)));
    request.end();
  });
}

export function dialError(node: NodeEndpoint, error: unknown): UnreachableNodeError {
  return new UnreachableNodeError(`error dialing backend: dial tcp ${joinHostPort(node)}: ${dialFailure(error)}`);
}

export async function readErrorBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(bytes);
    size += bytes.length;
    if (size >= MAX_ERROR_BODY) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY).trim();
}

/**
 * An agent's error response as the API server's own error, as kube-apiserver's
 * GenericHttpResponseChecker turns kubelet's: the message kubelet wrote (here
 * the `message` of its Status) under the matching reason.
 */
export function upstreamFailure(statusCode: number, body: string): ApiError {
  let message = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed) && typeof parsed['message'] === 'string') message = parsed['message'];
  } catch {
    // kubelet writes plain text errors too
  }
  switch (statusCode) {
    case 400:
      return new ApiError('BadRequest', message);
    case 401:
      return new ApiError('Unauthorized', message === '' ? 'Unauthorized' : message);
    case 403:
      return new ApiError('Forbidden', message);
    case 404:
      return new ApiError('NotFound', message === '' ? 'the server could not find the requested resource' : message);
    default:
      return new ApiError('InternalError', `Internal error occurred: ${message}`, {}, [{ message }]);
  }
}
