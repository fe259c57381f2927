import { ApiError, badRequest } from '../../api/errors.ts';
import type { StatusCause } from '../../api/types/meta.ts';
import type { Query } from '../query.ts';

function values(query: Query, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A boolean query parameter as apimachinery converts one: absent is false, "0" and "false" are false, anything else true. */
export function queryBool(query: Query, name: string): boolean | undefined {
  const first = values(query, name)[0];
  if (first === undefined) return undefined;
  return !(first === '0' || first.toLowerCase() === 'false');
}

function queryInt(query: Query, name: string): number | undefined {
  const first = values(query, name)[0];
  if (first === undefined) return undefined;
  const parsed = Number(first);
  if (first.trim() === '' || !Number.isSafeInteger(parsed)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(first)}: invalid syntax`);
  return parsed;
}

export interface PodLogRequest {
  container: string | undefined;
  follow: boolean;
  /** what kube-apiserver forwards to kubelet's /containerLogs, already validated */
  kubeletQuery: URLSearchParams;
}

/**
 * PodLogOptions from the query, validated as kube-apiserver does
 * (ValidatePodLogOptions: a 422 PodLogOptions Invalid), and the query kubelet
 * gets for them.
 */
export function podLogRequest(name: string, query: Query): PodLogRequest {
  const follow = queryBool(query, 'follow') ?? false;
  const previous = queryBool(query, 'previous') ?? false;
  const timestamps = queryBool(query, 'timestamps') ?? false;
  const tailLines = queryInt(query, 'tailLines');
  const limitBytes = queryInt(query, 'limitBytes');
  const sinceSeconds = queryInt(query, 'sinceSeconds');
  const sinceTime = values(query, 'sinceTime')[0];
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) {
    throw badRequest(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTime)}`);
  }
  const causes: StatusCause[] = [];
  const invalidValue = (field: string, value: number, why: string): void => {
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${value}: ${why}` });
  };
  if (tailLines !== undefined && tailLines < 0) invalidValue('tailLines', tailLines, 'must be greater than or equal to 0');
  if (limitBytes !== undefined && limitBytes < 1) invalidValue('limitBytes', limitBytes, 'must be greater than 0');
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    causes.push({ reason: 'FieldValueForbidden', field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) invalidValue('sinceSeconds', sinceSeconds, 'must be greater than 0');
  if (causes.length > 0) {
    const detail = causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
    const summary = detail.length === 1 ? (detail[0] ?? '') : `[${detail.join(', ')}]`;
    throw new ApiError('Invalid', `PodLogOptions "${name}" is invalid: ${summary}`, { kind: 'PodLogOptions', name }, causes);
  }
  const kubeletQuery = new URLSearchParams();
  if (follow) kubeletQuery.append('follow', 'true');
  if (limitBytes !== undefined) kubeletQuery.append('limitBytes', String(limitBytes));
  if (previous) kubeletQuery.append('previous', 'true');
  if (sinceSeconds !== undefined) kubeletQuery.append('sinceSeconds', String(sinceSeconds));
  if (sinceTime !== undefined) kubeletQuery.append('sinceTime', new Date(sinceTime).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (tailLines !== undefined) kubeletQuery.append('tailLines', String(tailLines));
  if (timestamps) kubeletQuery.append('timestamps', 'true');
  return { container: values(query, 'container')[0], follow, kubeletQuery };
}

export interface PodExecRequest {
  container: string | undefined;
  /** kubelet's names: command, error, input, output, tty (streamParams), sorted as Go's url.Values.Encode */
  kubeletQuery: URLSearchParams;
}

/** PodExecOptions from the query; stdout and stderr default to true (SetDefaults_PodExecOptions). */
export function podExecRequest(query: Query): PodExecRequest {
  const kubeletQuery = new URLSearchParams();
  for (const command of values(query, 'command')) kubeletQuery.append('command', command);
  if (queryBool(query, 'stderr') ?? true) kubeletQuery.append('error', '1');
  if (queryBool(query, 'stdin') ?? false) kubeletQuery.append('input', '1');
  if (queryBool(query, 'stdout') ?? true) kubeletQuery.append('output', '1');
  if (queryBool(query, 'tty') ?? false) kubeletQuery.append('tty', '1');
  return { container: values(query, 'container')[0], kubeletQuery };
}
