import type { FieldError } from '../../errors.ts';
import { Quantity, QuantityParseError } from '../../quantity.ts';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalidValue,
  key,
  notFound,
  notSupported,
  required,
} from '../../validation/field-errors.ts';
import { isQualifiedName } from '../../validation/names.ts';
import type { ResourceRequirements } from './schema-containers.ts';
import type { QuantityValue } from './schema-primitives.ts';
import { validateDNS1123Label } from './validation-common.ts';

/**
 * Container resource requirements (validateResourceRequirements in
 * pkg/apis/core/validation) and the resource-name helpers of pkg/apis/core/helper.
 */

const HUGEPAGES_PREFIX = 'hugepages-';
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const QOS_RESOURCES = new Set(['cpu', 'memory']);
const POD_LEVEL_RESOURCES = ['cpu', 'memory'];

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith(HUGEPAGES_PREFIX);
}

/** Unprefixed names and *kubernetes.io/ names belong to Kubernetes itself. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Only native, non-hugepage resources may be requested below their limit. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);
}

function isStandardResourceName(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || isHugePageResourceName(name) || name.startsWith('requests.hugepages-');
}

/** Reads a JSON quantity, reporting the parse failure the way a field error shows it. */
export function parseQuantity(value: QuantityValue, path: string, errs: FieldError[]): Quantity | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  try {
    return Quantity.parse(text);
  } catch (error) {
    if (!(error instanceof QuantityParseError)) throw error;
    errs.push(invalidValue(path, text, error.message));
    return undefined;
  }
}

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalidValue(path, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    errs.push(invalidValue(path, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) {
      errs.push(invalidValue(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalidValue(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validatePodResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (errs.length === 0 && !POD_LEVEL_RESOURCES.includes(name) && !isHugePageResourceName(name)) {
    errs.push(notSupported(path, name, POD_LEVEL_RESOURCES));
  }
  return errs;
}

/** ValidateResourceQuantityValue: never negative, whole numbers for countable resources. */
function validateQuantityValue(name: string, q: Quantity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalidValue(path, q.toString(), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(name) && q.milliValue() % 1000n !== 0n) errs.push(invalidValue(path, q, 'must be an integer'));
  return errs;
}

function hugePageValueError(name: string, q: Quantity): string | undefined {
  let divisible = false;
  try {
    const pageSize = Quantity.parse(name.slice(HUGEPAGES_PREFIX.length));
    divisible = pageSize.sign() > 0 && pageSize.milliValue() % 1000n === 0n && q.value() % pageSize.value() === 0n;
  } catch {
    divisible = false;
  }
  return divisible ? undefined : `${q.toString()} is not positive integer multiple of ${name}`;
}

type ResourceNameCheck = (name: string, path: string) => FieldError[];

function validateRequirements(
  requirements: ResourceRequirements | undefined,
  nameCheck: ResourceNameCheck,
  podClaimNames: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (requirements === undefined) return errs;
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = new Map<string, Quantity>();
  let limitsCpuOrMemory = false;
  let requestsCpuOrMemory = false;
  let hugePages = false;

  for (const [name, raw] of Object.entries(requirements.limits ?? {})) {
    const at = key(limPath, name);
    errs.push(...nameCheck(name, at));
    const q = parseQuantity(raw, at, errs);
    if (q === undefined) continue;
    limits.set(name, q);
    errs.push(...validateQuantityValue(name, q, at));
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const problem = hugePageValueError(name, q);
      if (problem !== undefined) errs.push(invalidValue(at, q.toString(), problem));
    }
    if (QOS_RESOURCES.has(name)) limitsCpuOrMemory = true;
  }
  for (const [name, raw] of Object.entries(requirements.requests ?? {})) {
    const at = key(reqPath, name);
    errs.push(...nameCheck(name, at));
    const q = parseQuantity(raw, at, errs);
    if (q === undefined) continue;
    errs.push(...validateQuantityValue(name, q, at));
    const limit = limits.get(name);
    if (limit !== undefined) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalidValue(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (q.cmp(limit) > 0) {
        errs.push(invalidValue(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const problem = hugePageValueError(name, q);
      if (problem !== undefined) errs.push(invalidValue(at, q.toString(), problem));
    }
    if (QOS_RESOURCES.has(name)) requestsCpuOrMemory = true;
  }
  if (!limitsCpuOrMemory && !requestsCpuOrMemory && hugePages) {
    errs.push(forbidden(path, 'HugePages require cpu or memory'));
  }
  errs.push(...validateClaimNames(requirements.claims ?? [], podClaimNames, child(path, 'claims')));
  return errs;
}

export function validateContainerResources(
  requirements: ResourceRequirements | undefined,
  podClaimNames: ReadonlySet<string>,
  path: string,
): FieldError[] {
  return validateRequirements(requirements, validateContainerResourceName, podClaimNames, path);
}

/** Pod-level resources (PodLevelResources, on by default): names and values, no claims. */
export function validatePodResources(requirements: ResourceRequirements | undefined, path: string): FieldError[] {
  if (requirements === undefined) return [];
  const errs: FieldError[] = [];
  if (requirements.claims !== undefined) {
    errs.push(forbidden(child(path, 'claims'), 'claims cannot be set for Resources at pod-level'));
  }
  errs.push(...validateRequirements({ ...requirements, claims: [] }, validatePodResourceName, new Set(), path));
  return errs;
}

/** Every claim a container names must be one of pod.spec.resourceClaims, once. */
function validateClaimNames(
  claims: NonNullable<ResourceRequirements['claims']>,
  podClaimNames: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  claims.forEach((claim, i) => {
    const at = index(path, i);
    const name = claim.name ?? '';
    if (name === '') {
      errs.push(required(at));
      return;
    }
    const request = claim.request ?? '';
    if (request !== '') errs.push(...validateDNS1123Label(request, child(at, 'request')));
    const entry = request === '' ? name : `${name}/${request}`;
    if (seen.has(name) || seen.has(entry)) errs.push(duplicate(at, entry));
    seen.add(entry);
    if (!podClaimNames.has(name)) {
      const known = [...podClaimNames].sort();
      const detail = `must be one of the names in pod.spec.resourceClaims${known.length === 0 ? ' which is empty' : `: ${known.join(', ')}`}`;
      const base = notFound(at, name);
      errs.push({ ...base, message: `${base.message}: ${detail}` });
    }
  });
  return errs;
}
