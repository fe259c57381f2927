import type { FieldError } from '../../errors.ts';
import { Quantity } from '../../quantity.ts';
import { child, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isConfigMapKey, isDNS1123Subdomain, isEnvVarName } from '../../validation/names.ts';
import { validateDNS1123Subdomain, validateQualifiedName } from '../support/checks.ts';
import type { EnvFromSource, EnvVar, ObjectFieldSelector, ResourceFieldSelector } from './schema-containers.ts';

/** Environment variables and the downward API selectors they share with volumes. */

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
].sort();

export const VOLUME_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid'].sort();

/** Field labels a v1 pod answers to (pods.ConvertDownwardAPIFieldLabel). */
export const CONVERTIBLE_FIELD_LABELS: ReadonlySet<string> = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

const CONTAINER_RESOURCE_PATHS = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
].sort();

const CPU_DIVISORS = new Set(['1m', '1']);
const BYTE_DIVISORS = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);

export function validateEnv(vars: EnvVar[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  vars.forEach((ev, i) => {
    const at = index(path, i);
    const name = ev.name ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    else for (const msg of isEnvVarName(name)) errs.push(invalidValue(child(at, 'name'), name, msg));
    errs.push(...validateValueFrom(ev, child(at, 'valueFrom')));
  });
  return errs;
}

function validateValueFrom(ev: EnvVar, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (from === undefined) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef !== undefined) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, child(path, 'fieldRef')));
  }
  if (from.resourceFieldRef !== undefined) {
    sources++;
    errs.push(...validateResourceFieldSelector(from.resourceFieldRef, false, child(path, 'resourceFieldRef')));
  }
  if (from.configMapKeyRef !== undefined) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, child(path, 'configMapKeyRef')));
  }
  if (from.secretKeyRef !== undefined) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, child(path, 'secretKeyRef')));
  }
  if (sources === 0) {
    errs.push(invalidValue(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if ((ev.value ?? '') !== '') {
    errs.push(invalidValue(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalidValue(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

function validateKeySelector(selector: { name?: string | undefined; key?: string | undefined }, path: string): FieldError[] {
  const name = selector.name ?? '';
  const errs = validateDNS1123Subdomain(name, child(path, 'name'));
  const k = selector.key ?? '';
  if (k === '') errs.push(required(child(path, 'key')));
  else for (const msg of isConfigMapKey(k)) errs.push(invalidValue(child(path, 'key'), k, msg));
  return errs;
}

/** `metadata.labels['app']` → ['metadata.labels', 'app'] (fieldpath.SplitMaybeSubscriptedPath). */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  const match = /^(.*)\['(.*)'\]$/.exec(fieldPath);
  return match === null ? undefined : [match[1] ?? '', match[2] ?? ''];
}

export function validateObjectFieldSelector(fs: ObjectFieldSelector, expressions: string[], path: string): FieldError[] {
  const apiVersion = fs.apiVersion ?? '';
  const fieldPath = fs.fieldPath ?? '';
  if (apiVersion === '') return [required(child(path, 'apiVersion'))];
  if (fieldPath === '') return [required(child(path, 'fieldPath'))];
  const subscripted = splitSubscript(fieldPath);
  const base = subscripted?.[0] ?? fieldPath;
  const subscriptable = base === 'metadata.annotations' || base === 'metadata.labels';
  let problem: string | undefined;
  if (apiVersion !== 'v1') problem = `unsupported pod version: ${apiVersion}`;
  else if (subscripted !== undefined && !subscriptable) problem = `field label does not support subscript: ${fieldPath}`;
  else if (!CONVERTIBLE_FIELD_LABELS.has(base)) problem = `field label not supported: ${fieldPath}`;
  if (problem !== undefined) {
    return [invalidValue(child(path, 'fieldPath'), fieldPath, `error converting fieldPath: ${problem}`)];
  }
  if (subscripted !== undefined) {
    const [field, subscript] = subscripted;
    return field === 'metadata.annotations' ? validateQualifiedName(subscript.toLowerCase(), path) : validateQualifiedName(subscript, path);
  }
  if (!expressions.includes(fieldPath)) return [notSupported(child(path, 'fieldPath'), fieldPath, expressions)];
  return [];
}

/** resourceFieldRef: a known resource (or hugepages), and a divisor that suits it. */
export function validateResourceFieldSelector(fs: ResourceFieldSelector, inVolume: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const resource = fs.resource ?? '';
  const hugePages = resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-');
  if (inVolume && (fs.containerName ?? '') === '') errs.push(required(child(path, 'containerName')));
  else if (resource === '') errs.push(required(child(path, 'resource')));
  else if (!CONTAINER_RESOURCE_PATHS.includes(resource) && !hugePages) {
    errs.push(notSupported(child(path, 'resource'), resource, CONTAINER_RESOURCE_PATHS));
  }
  if (fs.divisor === undefined) return errs;
  let divisor: string;
  try {
    const q = Quantity.parse(String(fs.divisor));
    if (q.isZero()) return errs;
    divisor = q.toString();
  } catch {
    errs.push(invalidValue(child(path, 'divisor'), String(fs.divisor), 'must be a valid quantity'));
    return errs;
  }
  const at = child(path, 'divisor');
  const listed = 'only divisor\'s values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the';
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !CPU_DIVISORS.has(divisor)) {
    errs.push(invalidValue(at, resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
  } else if ((resource === 'limits.memory' || resource === 'requests.memory') && !BYTE_DIVISORS.has(divisor)) {
    errs.push(invalidValue(at, resource, `${listed} memory resource`));
  } else if (resource.endsWith('.ephemeral-storage') && !BYTE_DIVISORS.has(divisor)) {
    errs.push(invalidValue(at, resource, `${listed} local ephemeral storage resource`));
  } else if (hugePages && !BYTE_DIVISORS.has(divisor)) {
    errs.push(invalidValue(at, resource, `${listed} hugepages resource`));
  }
  return errs;
}

export function validateEnvFrom(sources: EnvFromSource[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  sources.forEach((source, i) => {
    const at = index(path, i);
    const prefix = source.prefix ?? '';
    if (prefix !== '') for (const msg of isEnvVarName(prefix)) errs.push(invalidValue(child(at, 'prefix'), prefix, msg));
    let count = 0;
    for (const field of ['configMapRef', 'secretRef'] as const) {
      const ref = source[field];
      if (ref === undefined) continue;
      count++;
      const name = ref.name ?? '';
      const namePath = child(child(at, field), 'name');
      if (name === '') errs.push(required(namePath));
      else for (const msg of isDNS1123Subdomain(maskTrailingDash(name))) errs.push(invalidValue(namePath, name, msg));
    }
    if (count === 0) errs.push(invalidValue(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1) errs.push(invalidValue(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/** NameIsDNSSubdomain in prefix mode: envFrom names may end in '-' (Go replaces the last two characters). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}
