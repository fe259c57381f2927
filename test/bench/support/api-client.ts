import { Client, type Dispatcher } from 'undici';
import { isRecord } from '../../../core/api/types/meta.ts';
import { trustingClusterCa } from './cluster-trust.ts';
import type { ApiTarget } from './control-plane-process.ts';
import { LeanHttpsPool } from './lean-https.ts';

/** Keep-alive HTTPS connections to the API server for a load loop, trusting only the cluster CA; one request per connection at a time. */
export function apiPool(target: ApiTarget, connections: number): LeanHttpsPool {
  return new LeanHttpsPool(target, connections);
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
