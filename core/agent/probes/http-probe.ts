/**
 * The httpGet probe (kubelet's pkg/probe/http): a GET to the pod, success for
 * 200 ≤ status < 400. Like kubelet it skips certificate checks, keeps no
 * connection alive, follows redirects only to the same host (a redirect to
 * another host ends the probe with a warning: success, but an event says so),
 * reads at most 10 KiB of the body, and gives up after the timeout.
 */
import http from 'node:http';
import https from 'node:https';
import {
  errorCode,
  goDialError,
  joinHostPort,
  MAX_PROBE_OUTPUT_BYTES,
  PROBE_USER_AGENT,
  type ProbeRun,
} from './probe-run.ts';
import type { HttpHeader } from './probe-spec.ts';

export interface HttpProbeTarget {
  scheme: 'HTTP' | 'HTTPS';
  host: string;
  port: number;
  /** path and query, as the probe declares them */
  path: string;
  headers: HttpHeader[];
  timeoutMs: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Go's http.Client stops after this many requests of one redirect chain */
const MAX_REQUESTS = 10;

export async function httpProbe(target: HttpProbeTarget): Promise<ProbeRun> {
  let first: URL;
  try {
    first = probeUrl(target);
  } catch (error) {
    // kubelet cannot build the request either: an error, retried and then discarded
    return { result: 'unknown', output: '', error: messageOf(error) };
  }
  // Go prints the URL as kubelet built it, default port included
  let shown = `${target.scheme.toLowerCase()}://${joinHostPort(target.host, target.port)}${first.pathname}${first.search}`;
  const headers = requestHeaders(target.headers);
  const abort = new AbortController();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, target.timeoutMs);
  let phase: 'headers' | 'body' = 'headers';
  let current = first;
  try {
    let response: http.IncomingMessage;
    for (let requests = 1; ; requests++) {
      response = await get(current, headers, abort.signal);
      const location = response.headers.location;
      if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || location === undefined) break;
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        break;
      }
      // kubelet's redirect checker: another host ends the chain with this (3xx) response
      if (next.hostname !== first.hostname) break;
      response.destroy();
      if (requests >= MAX_REQUESTS) return { result: 'failure', output: `Get "${next.href}": stopped after 10 redirects` };
      current = next;
      shown = next.href;
    }
    phase = 'body';
    const body = await readAtMost(response, MAX_PROBE_OUTPUT_BYTES);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 400) {
      if (status >= 300) return { result: 'warning', output: `Probe terminated redirects, Response body: ${body}` };
      return { result: 'success', output: body };
    }
    // kubelet keeps the body out of the message on purpose (kubernetes#99425)
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${status}` };
  } catch (error) {
    if (phase === 'body') {
      // kubelet returns a body read error as an error, not a failure: the run is retried, then discarded
      const cause = timedOut ? 'context deadline exceeded (Client.Timeout or context cancellation while reading body)' : messageOf(error);
      return { result: 'failure', output: '', error: cause };
    }
    if (timedOut) {
      return { result: 'failure', output: `Get "${shown}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    }
    return { result: 'failure', output: `Get "${shown}": ${requestErrorText(current, error)}` };
  } finally {
    clearTimeout(deadline);
  }
}

function probeUrl(target: HttpProbeTarget): URL {
  const base = `${target.scheme.toLowerCase()}://${joinHostPort(target.host, target.port)}/`;
  const path = target.path === '' ? '/' : target.path;
  return new URL(path.startsWith('/') ? path : `/${path}`, base);
}

// Go's header handling: canonical names; kube-probe User-Agent and an accept-anything Accept unless given
function requestHeaders(declared: HttpHeader[]): Record<string, string | string[]> {
  const headers: Record<string, string[]> = {};
  for (const { name, value } of declared) {
    const key = canonicalHeaderName(name);
    (headers[key] ??= []).push(value);
  }
  headers['User-Agent'] ??= [PROBE_USER_AGENT];
  const accept = headers['Accept'];
  if (accept === undefined) headers['Accept'] = ['*/*'];
  else if (accept[0] === '') delete headers['Accept'];
  // Go sends the declared Host as the request's host, and the URL's host when it is empty
  const host = headers['Host'];
  if (host !== undefined && (host[0] ?? '') === '') delete headers['Host'];
  else if (host !== undefined) headers['Host'] = [host[0] ?? ''];
  // Node wants a lone value as a string (Host must be one)
  return Object.fromEntries(Object.entries(headers).map(([name, values]) => [name, values.length === 1 ? (values[0] ?? '') : values]));
}

function canonicalHeaderName(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

function get(url: URL, headers: Record<string, string | string[]>, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      method: 'GET',
      headers,
      // DisableKeepAlives, as kubelet's probe transport
      agent: false,
      signal,
    };
    const request =
      url.protocol === 'https:'
        ? https.request(url, { ...options, rejectUnauthorized: false }, resolve)
        : http.request(url, options, resolve);
    request.on('error', reject);
    request.end();
  });
}

function readAtMost(response: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // the status decides; a long body is cut, not waited for
      if (size >= limit) {
        finish();
        response.destroy();
      }
    });
    response.on('end', finish);
    response.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
    response.on('close', () => {
      if (!done && !response.complete) {
        done = true;
        reject(new Error('unexpected EOF'));
      }
      finish();
    });
  });
}

function requestErrorText(url: URL, error: unknown): string {
  const code = errorCode(error);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  switch (code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return goDialError(host, port, error);
    case 'ECONNRESET':
      // the server hung up before answering: Go's transport reports the end of the stream
      return 'EOF';
    default:
      // an HTTPS probe of a plain HTTP port
      if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || messageOf(error).includes('wrong version number')) {
        return 'http: server gave HTTP response to HTTPS client';
      }
      return messageOf(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
