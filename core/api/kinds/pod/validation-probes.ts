import type { FieldError } from '../../errors.ts';
import { child, forbidden, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isHTTPHeaderName } from '../../validation/names.ts';
import { validateNonnegative, validatePortNumOrName } from '../support/checks.ts';
import type { HTTPGetAction, LifecycleHandler, Probe } from './schema-containers.ts';

/** Probes and lifecycle hooks: validateProbe, validateHandler and friends. */

type ProbeKind = 'liveness' | 'readiness' | 'startup';

interface Handler {
  exec?: LifecycleHandler['exec'];
  httpGet?: HTTPGetAction | undefined;
  tcpSocket?: LifecycleHandler['tcpSocket'];
  grpc?: Probe['grpc'];
  sleep?: LifecycleHandler['sleep'];
}

export function validateProbeOfKind(
  kind: ProbeKind,
  probe: Probe | undefined,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  if (probe === undefined) return [];
  const errs = validateProbe(probe, gracePeriod, path);
  const successThreshold = probe.successThreshold ?? 0;
  if ((kind === 'liveness' || kind === 'startup') && successThreshold !== 1) {
    errs.push(invalidValue(child(path, 'successThreshold'), successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds !== undefined) {
    errs.push(
      invalidValue(
        child(path, 'terminationGracePeriodSeconds'),
        probe.terminationGracePeriodSeconds,
        'must not be set for readinessProbes',
      ),
    );
  }
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, path: string): FieldError[] {
  const handler: Handler = { exec: probe.exec, httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, grpc: probe.grpc };
  const errs = validateHandler(handler, gracePeriod, path);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...validateNonnegative(probe[field] ?? 0, child(path, field)));
  }
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds <= 0) {
    errs.push(
      invalidValue(child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must be greater than 0'),
    );
  }
  return errs;
}

export function validateLifecycle(
  lifecycle: { postStart?: LifecycleHandler | undefined; preStop?: LifecycleHandler | undefined },
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart !== undefined) errs.push(...validateHandler(lifecycle.postStart, gracePeriod, child(path, 'postStart')));
  if (lifecycle.preStop !== undefined) errs.push(...validateHandler(lifecycle.preStop, gracePeriod, child(path, 'preStop')));
  return errs;
}

/** Exactly one handler type; the first one set wins and the others are forbidden. */
function validateHandler(handler: Handler, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let handlers = 0;
  const take = (field: keyof Handler, check: () => FieldError[]): void => {
    if (handler[field] === undefined) return;
    if (handlers > 0) {
      errs.push(forbidden(child(path, field), 'may not specify more than 1 handler type'));
      return;
    }
    handlers++;
    errs.push(...check());
  };
  take('exec', () => ((handler.exec?.command ?? []).length === 0 ? [required(child(path, 'exec.command'))] : []));
  take('httpGet', () => validateHTTPGetAction(handler.httpGet ?? {}, child(path, 'httpGet')));
  take('tcpSocket', () => validatePortNumOrName(handler.tcpSocket?.port ?? 0, child(path, 'tcpSocket.port')));
  take('grpc', () => validatePortNumOrName(handler.grpc?.port ?? 0, child(path, 'grpc.port')));
  take('sleep', () => validateSleep(handler.sleep?.seconds ?? 0, gracePeriod, child(path, 'sleep')));
  if (handlers === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateHTTPGetAction(http: HTTPGetAction, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((http.path ?? '') === '') errs.push(required(child(path, 'path')));
  errs.push(...validatePortNumOrName(http.port ?? 0, child(path, 'port')));
  const scheme = http.scheme ?? '';
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(child(path, 'scheme'), scheme, ['HTTP', 'HTTPS']));
  for (const header of http.httpHeaders ?? []) {
    const name = header.name ?? '';
    for (const msg of isHTTPHeaderName(name)) errs.push(invalidValue(child(path, 'httpHeaders'), name, msg));
  }
  return errs;
}

/** Sleep is bounded by the grace period (zero allowed: PodLifecycleSleepActionAllowZero is GA). */
function validateSleep(seconds: number, gracePeriod: number | undefined, path: string): FieldError[] {
  if (gracePeriod === undefined || (seconds >= 0 && seconds <= gracePeriod)) return [];
  return [invalidValue(path, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`)];
}
