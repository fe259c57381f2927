import { Quantity } from '../../quantity.ts';
import { isRecord } from '../../types/meta.ts';
import { defaultPullPolicy } from './image-reference.ts';

/**
 * Container defaults of SetObjectDefaults_Pod (pkg/apis/core/v1): SetDefaults_Container,
 * SetDefaults_Probe, SetDefaults_HTTPGetAction, the declarative port protocol and
 * fieldRef apiVersion defaults, and SetDefaults_ResourceList's rounding.
 * Input is untyped JSON; values of the wrong type are left for validation to report.
 */

/** A field Go would see as its zero value: absent, null or (for strings) empty. */
export function isUnsetString(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Zero-valued int32 fields (Go cannot tell 0 from "not set" there). */
function isUnsetNumber(value: unknown): boolean {
  return value === undefined || value === null || value === 0;
}

export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function defaultContainer(ctr: Record<string, unknown>): void {
  if (isUnsetString(ctr['imagePullPolicy'])) {
    ctr['imagePullPolicy'] = defaultPullPolicy(typeof ctr['image'] === 'string' ? ctr['image'] : '');
  }
  if (isUnsetString(ctr['terminationMessagePath'])) ctr['terminationMessagePath'] = '/dev/termination-log';
  if (isUnsetString(ctr['terminationMessagePolicy'])) ctr['terminationMessagePolicy'] = 'File';
  // Go always serializes this non-pointer struct, so a stored container shows `resources: {}`.
  if (isUnset(ctr['resources'])) ctr['resources'] = {};
  for (const port of records(ctr['ports'])) {
    if (isUnsetString(port['protocol'])) port['protocol'] = 'TCP';
  }
  for (const env of records(ctr['env'])) {
    const from = env['valueFrom'];
    if (isRecord(from)) defaultFieldRef(from['fieldRef']);
  }
  for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = ctr[field];
    if (isRecord(probe)) defaultProbe(probe);
  }
  const lifecycle = ctr['lifecycle'];
  if (isRecord(lifecycle)) {
    for (const hook of [lifecycle['postStart'], lifecycle['preStop']]) {
      if (isRecord(hook)) defaultHTTPGet(hook['httpGet']);
    }
  }
  const resources = ctr['resources'];
  if (isRecord(resources)) {
    roundResourceList(resources['limits']);
    roundResourceList(resources['requests']);
  }
}

function defaultProbe(probe: Record<string, unknown>): void {
  if (isUnsetNumber(probe['timeoutSeconds'])) probe['timeoutSeconds'] = 1;
  if (isUnsetNumber(probe['periodSeconds'])) probe['periodSeconds'] = 10;
  if (isUnsetNumber(probe['successThreshold'])) probe['successThreshold'] = 1;
  if (isUnsetNumber(probe['failureThreshold'])) probe['failureThreshold'] = 3;
  defaultHTTPGet(probe['httpGet']);
  const grpc = probe['grpc'];
  if (isRecord(grpc) && isUnset(grpc['service'])) grpc['service'] = '';
}

function defaultHTTPGet(action: unknown): void {
  if (!isRecord(action)) return;
  if (isUnsetString(action['path'])) action['path'] = '/';
  if (isUnsetString(action['scheme'])) action['scheme'] = 'HTTP';
}

/** SetDefaults_ObjectFieldSelector */
export function defaultFieldRef(fieldRef: unknown): void {
  if (isRecord(fieldRef) && isUnsetString(fieldRef['apiVersion'])) fieldRef['apiVersion'] = 'v1';
}

/** Quantities finer than a milli-unit are rounded up to one, as Kubernetes stores them. */
export function roundResourceList(list: unknown): void {
  if (!isRecord(list)) return;
  for (const [name, raw] of Object.entries(list)) {
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    let q: Quantity;
    try {
      q = Quantity.parse(String(raw));
    } catch {
      continue;
    }
    if (q.nanoValue() % 1_000_000n !== 0n) list[name] = Quantity.fromMilli(q.milliValue(), q.format).toString();
  }
}

/** SetDefaults_Pod: requests fall back to limits, resource by resource (pods only, not templates). */
export function defaultRequestsFromLimits(ctr: Record<string, unknown>): void {
  const resources = ctr['resources'];
  if (!isRecord(resources)) return;
  const limits = resources['limits'];
  if (!isRecord(limits)) return;
  if (isUnset(resources['requests'])) resources['requests'] = {};
  const requests = resources['requests'];
  if (!isRecord(requests)) return;
  for (const [name, value] of Object.entries(limits)) {
    if (!Object.hasOwn(requests, name)) requests[name] = value;
  }
}
