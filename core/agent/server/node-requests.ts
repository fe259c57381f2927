import { badRequest } from '../../api/errors.ts';
import type { LogOptions } from '../../contracts/runtime.ts';

/** The kubelet endpoints the node server answers. */
export type NodeEndpoint = 'containerLogs' | 'exec';

/** `/containerLogs/{namespace}/{pod}/{container}` or `/exec/{namespace}/{pod}/{container}`, taken apart. */
export interface ContainerTarget {
  endpoint: NodeEndpoint;
  namespace: string;
  pod: string;
  container: string;
  query: URLSearchParams;
}

const ENDPOINTS: ReadonlySet<string> = new Set<NodeEndpoint>(['containerLogs', 'exec']);

function isEndpoint(value: string): value is NodeEndpoint {
  return ENDPOINTS.has(value);
}

/** Kubelet's container paths; undefined for anything else (a 404). */
export function parseContainerTarget(url: string): ContainerTarget | undefined {
  let parsed: URL;
  let segments: string[];
  try {
    parsed = new URL(url, 'http://node');
    segments = parsed.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  if (segments.length !== 4) return undefined;
  const [endpoint, namespace, pod, container] = segments;
  if (endpoint === undefined || namespace === undefined || pod === undefined || container === undefined || !isEndpoint(endpoint)) return undefined;
  return { endpoint, namespace, pod, container, query: parsed.searchParams };
}

/** Go's strconv.ParseBool, which decodes kubelet's boolean query parameters. */
export function parseGoBool(name: string, value: string | null): boolean {
  if (value === null || value === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw badRequest(`invalid value for ${name}: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

function integer(query: URLSearchParams, name: string, min: number): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(value)} is not an integer`);
  if (parsed < min) throw badRequest(`invalid value for ${name}: must be greater than or equal to ${min}`);
  return parsed;
}

export interface NodeLogRequest {
  options: LogOptions;
  previous: boolean;
  /** stop after this many bytes (kubelet's limitBytes) */
  limitBytes: number | undefined;
}

/** PodLogOptions as kubelet decodes them from the query; `sinceTime` becomes seconds before `now`. */
export function logRequestFrom(query: URLSearchParams, now: Date): NodeLogRequest {
  const tailLines = integer(query, 'tailLines', 0);
  const sinceSeconds = integer(query, 'sinceSeconds', 1);
  const sinceTime = query.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTime !== null && sinceTime !== '') throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  let since = sinceSeconds;
  if (sinceTime !== null && sinceTime !== '') {
    const at = Date.parse(sinceTime);
    if (Number.isNaN(at)) throw badRequest(`invalid value for sinceTime: ${JSON.stringify(sinceTime)} is not an RFC 3339 time`);
    since = Math.max(1, Math.ceil((now.getTime() - at) / 1000));
  }
  const options: LogOptions = {
    follow: parseGoBool('follow', query.get('follow')),
    timestamps: parseGoBool('timestamps', query.get('timestamps')),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(since === undefined ? {} : { sinceSeconds: since }),
  };
  return { options, previous: parseGoBool('previous', query.get('previous')), limitBytes: integer(query, 'limitBytes', 1) };
}

export interface NodeExecRequest {
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The first of several spellings that is present: kubelet's (input=1), else the API's (stdin=true). */
function flag(query: URLSearchParams, names: string[]): boolean {
  for (const name of names) {
    if (query.has(name)) return parseGoBool(name, query.get(name));
  }
  return false;
}

/**
 * Exec options as kubelet reads them (`input`, `output`, `error`, `tty`,
 * repeated `command`); the API's names (`stdin`, `stdout`, `stderr`) work too.
 * With a TTY, stderr is merged into stdout, so it is never a stream of its own.
 */
export function execRequestFrom(query: URLSearchParams): NodeExecRequest {
  const tty = flag(query, ['tty']);
  const stdin = flag(query, ['input', 'stdin']);
  const stdout = flag(query, ['output', 'stdout']);
  const stderr = !tty && flag(query, ['error', 'stderr']);
  if (!stdin && !stdout && !stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const command = query.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least one command for the container');
  return { command, stdin, stdout, stderr, tty };
}
