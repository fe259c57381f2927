/**
 * What one run of a probe handler concludes, as kubelet's probers return it
 * (pkg/probe: a Result, the output, and an error when the probe could not be
 * carried out), plus the Go-style texts those outputs carry: users compare
 * our events with kubelet's, so a refused connection reads
 * `dial tcp 10.0.0.1:80: connect: connection refused` here too.
 */

export type ProbeRunResult = 'success' | 'warning' | 'failure' | 'unknown';

export interface ProbeRun {
  result: ProbeRunResult;
  /** what the event shows: the command's output, the failure's cause, the redirect warning */
  output: string;
  /** set when the probe could not be carried out; kubelet retries it, then throws the run away */
  error?: string;
}

/** kubelet reads at most this much of a response body or of a command's output */
export const MAX_PROBE_OUTPUT_BYTES = 10 * 1024;

/** the User-Agent kubelet 1.32 sends (`kube-probe/<major>.<minor>`) */
export const PROBE_USER_AGENT = 'kube-probe/1.32';

/** Go's net.JoinHostPort: IPv6 literals in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's duration text for a whole number of milliseconds: `1s`, `500ms`, `1.5s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** The part of a Go dial error after `dial tcp HOST:PORT: ` for a Node socket error. */
export function goDialCause(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connect: connection refused';
    case 'EHOSTUNREACH':
      return 'connect: no route to host';
    case 'ENETUNREACH':
      return 'connect: network is unreachable';
    case 'ECONNRESET':
      return 'connect: connection reset by peer';
    case 'EADDRNOTAVAIL':
      return 'connect: cannot assign requested address';
    case 'ETIMEDOUT':
      return 'i/o timeout';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The whole Go dial error (`dial tcp 10.0.0.1:80: connect: connection refused`). */
export function goDialError(host: string, port: number, error: unknown): string {
  const code = errorCode(error);
  // a name that does not resolve fails before any address is dialled
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `dial tcp: lookup ${host}: no such host`;
  return `dial tcp ${joinHostPort(host, port)}: ${goDialCause(error)}`;
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
