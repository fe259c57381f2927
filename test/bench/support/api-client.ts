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
 * Sends one request and insists on the expected status; the body of an
 * expected answer is dropped as it arrives (the load loops time the server,
 * not JSON parsing here). Through undici's dispatch handler: `request`
 * builds a Readable per answer, which cost the load generator 5-20 µs of
 * the CPU it shares with the server per create (2026-11-28).
 */
export function expectStatus(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, expected: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let status = 0;
    const refused: Buffer[] = [];
    dispatcher.dispatch(request, {
      // Its presence is what tells undici this handler takes the controller-style callbacks.
      onRequestStart: () => undefined,
      onResponseStart: (_controller, statusCode) => {
        status = statusCode;
      },
      onResponseData: (_controller, chunk) => {
        if (status !== expected) refused.push(chunk);
      },
      onResponseEnd: () => {
        if (status === expected) resolve();
        else reject(new Error(`${request.method} ${request.path}: expected ${expected}, got ${status}: ${Buffer.concat(refused).toString('utf8').slice(0, 500)}`));
      },
      onResponseError: (_controller, error) => reject(error),
    });
  });
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
