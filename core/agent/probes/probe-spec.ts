/**
 * A typed reading of a container's `livenessProbe`, `readinessProbe` and
 * `startupProbe` (core/v1 Probe). The API server defaulted and validated the
 * pod; the defaults here (SetDefaults_Probe, SetDefaults_HTTPGetAction) only
 * cover a pod that skipped defaulting.
 */
import { isRecord } from '../../api/types/meta.ts';
import type { ProbeKind } from './types.ts';

/** an IntOrString port: a number, or the name of one of the container's ports */
export type ProbePort = number | string;

export interface HttpHeader {
  name: string;
  value: string;
}

export type ProbeHandler =
  | { type: 'exec'; command: string[] }
  | { type: 'httpGet'; host: string; port: ProbePort; path: string; scheme: 'HTTP' | 'HTTPS'; headers: HttpHeader[] }
  | { type: 'tcpSocket'; host: string; port: ProbePort }
  | { type: 'grpc'; port: number; service: string }
  /** validation forbids it; kubelet answers "missing probe handler" */
  | { type: 'none' };

export interface ProbeSpec {
  handler: ProbeHandler;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

const FIELD_OF_KIND: Record<ProbeKind, string> = {
  liveness: 'livenessProbe',
  readiness: 'readinessProbe',
  startup: 'startupProbe',
};

/** The container's probe of that kind, or undefined when it declares none. */
export function probeSpecOf(container: Record<string, unknown>, kind: ProbeKind): ProbeSpec | undefined {
  const probe = container[FIELD_OF_KIND[kind]];
  if (!isRecord(probe)) return undefined;
  return {
    handler: handlerOf(probe),
    initialDelaySeconds: nonNegative(probe['initialDelaySeconds'], 0),
    periodSeconds: positive(probe['periodSeconds'], 10),
    timeoutSeconds: positive(probe['timeoutSeconds'], 1),
    // validation requires 1 for liveness and startup: a single success proves the container alive
    successThreshold: kind === 'readiness' ? positive(probe['successThreshold'], 1) : 1,
    failureThreshold: positive(probe['failureThreshold'], 3),
  };
}

function handlerOf(probe: Record<string, unknown>): ProbeHandler {
  const exec = probe['exec'];
  if (isRecord(exec)) return { type: 'exec', command: strings(exec['command']) };
  const httpGet = probe['httpGet'];
  if (isRecord(httpGet)) {
    return {
      type: 'httpGet',
      host: stringOr(httpGet['host'], ''),
      port: portOf(httpGet['port']),
      path: stringOr(httpGet['path'], '') || '/',
      scheme: typeof httpGet['scheme'] === 'string' && httpGet['scheme'].toUpperCase() === 'HTTPS' ? 'HTTPS' : 'HTTP',
      headers: headersOf(httpGet['httpHeaders']),
    };
  }
  const tcpSocket = probe['tcpSocket'];
  if (isRecord(tcpSocket)) {
    return { type: 'tcpSocket', host: stringOr(tcpSocket['host'], ''), port: portOf(tcpSocket['port']) };
  }
  const grpc = probe['grpc'];
  if (isRecord(grpc)) {
    return { type: 'grpc', port: typeof grpc['port'] === 'number' ? grpc['port'] : 0, service: stringOr(grpc['service'], '') };
  }
  return { type: 'none' };
}

function portOf(value: unknown): ProbePort {
  return typeof value === 'number' || typeof value === 'string' ? value : 0;
}

function headersOf(value: unknown): HttpHeader[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .filter((h) => typeof h['name'] === 'string')
    .map((h) => ({ name: String(h['name']), value: stringOr(h['value'], '') }));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** zero means "unset" for these fields, as the defaulting functions treat it */
function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}
