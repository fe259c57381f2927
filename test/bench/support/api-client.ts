import { createSecureContext, type SecureContext } from 'node:tls';
import { Client, Pool, type Dispatcher } from 'undici';
import { isRecord } from '../../../core/api/types/meta.ts';
import type { ApiTarget } from './control-plane-process.ts';

const secureContexts = new Map<string, SecureContext>();

/**
 * One TLS context per cluster CA, shared by every connection: building it
 * parses the CA each time, which for 1,000 watch connections costs seconds.
 */
function trustingClusterCa(caPem: string): { secureContext: SecureContext } {
  let context = secureContexts.get(caPem);
  if (context === undefined) {
    context = createSecureContext({ ca: caPem });
    secureContexts.set(caPem, context);
  }
  return { secureContext: context };
}

/** Keep-alive HTTPS connections to the API server, trusting only the cluster CA; one request per connection at a time. */
export function apiPool(target: ApiTarget, connections: number): Pool {
  return new Pool(target.url, { connections, pipelining: 1, connect: trustingClusterCa(target.caPem), keepAliveTimeout: 60_000 });
}

/** One connection, for a sequential client or one long watch stream (no body timeout). */
export function apiClient(target: ApiTarget, options: { stream?: boolean } = {}): Client {
  return new Client(target.url, {
    pipelining: 1,
    connect: trustingClusterCa(target.caPem),
    keepAliveTimeout: 60_000,
    ...(options.stream === true ? { bodyTimeout: 0 } : {}),
  });
}

export function authHeaders(target: ApiTarget, json: boolean): Record<string, string> {
  return json
    ? { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', accept: 'application/json' }
    : { authorization: `Bearer ${target.token}`, accept: 'application/json' };
}

/**
 * Sends one request and insists on the expected status; the body is drained
 * unread on success (the load loops time the server, not JSON parsing here).
 */
export async function expectStatus(
  dispatcher: Dispatcher,
  request: Dispatcher.RequestOptions,
  expected: number,
): Promise<void> {
  const response = await dispatcher.request(request);
  if (response.statusCode === expected) {
    await response.body.dump({ limit: 1 << 20 });
    return;
  }
  const text = await response.body.text();
  throw new Error(`${request.method} ${request.path}: expected ${expected}, got ${response.statusCode}: ${text.slice(0, 500)}`);
}

/** A request whose JSON answer the caller needs; non-2xx is an error. */
export async function requestJson(dispatcher: Dispatcher, request: Dispatcher.RequestOptions): Promise<Record<string, unknown>> {
  const response = await dispatcher.request(request);
  const text = await response.body.text();
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw new Error(`${request.method} ${request.path}: got ${response.statusCode}: ${text.slice(0, 500)}`);
  }
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed)) throw new Error(`${request.method} ${request.path}: the answer is not a JSON object`);
  return parsed;
}
