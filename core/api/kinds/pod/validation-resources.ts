import type { FieldError } from '../../errors.ts';
import { Quantity } from '../../quantity.ts';
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
import { validateDNS1123Label, validateQualifiedName } from '../support/checks.ts';
import type { QuantityValue } from '../support/json-shape.ts';
import { parseQuantityField, validateResourceQuantityValue } from '../support/quantity-checks.ts';
import {
  HUGEPAGES_PREFIX,
  isExtendedResourceName,
  isHugePageResourceName,
  isNativeResource,
  isOvercommitAllowed,
  isStandardResourceName,
} from '../support/resource-names.ts';
import type { ResourceRequirements } from './schema-containers.ts';

/** Container and pod-level resource requirements (validateResourceRequirements in pkg/apis/core/validation). */

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const QOS_RESOURCES = new Set(['cpu', 'memory']);
const POD_LEVEL_RESOURCES = ['cpu', 'memory'];

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = validateQualifiedName(name, path);
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

/** A hugepages-<size> amount must be a whole number of pages. */
function validateHugePageValue(name: string, q: Quantity, path: string): FieldError[] {
  let divisible = false;
  try {
    const pageSize = Quantity.parse(name.slice(HUGEPAGES_PREFIX.length));
    divisible = pageSize.sign() > 0 && pageSize.milliValue() % 1000n === 0n && q.value() % pageSize.value() === 0n;
  } catch {
    divisible = false;
  }
  return divisible ? [] : [invalidValue(path, q.toString(), `${q.toString()} is not positive integer multiple of ${name}`)];
}

type ResourceNameCheck = (name: string, path: string) => FieldError[];

/** The name, parse and value checks every limits and requests entry gets; undefined when it does not parse. */
function checkEntry(
  name: string,
  raw: QuantityValue,
  nameCheck: ResourceNameCheck,
  path: string,
  errs: FieldError[],
): Quantity | undefined {
  errs.push(...nameCheck(name, path));
  const parsed = parseQuantityField(raw, path);
  if (!parsed.ok) {
    errs.push(...parsed.errors);
    return undefined;
  }
  errs.push(...validateResourceQuantityValue(name, parsed.quantity, path));
  return parsed.quantity;
}

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
    const q = checkEntry(name, raw, nameCheck, at, errs);
    if (q === undefined) continue;
    limits.set(name, q);
    if (isHugePageResourceName(name)) {
      hugePages = true;
      errs.push(...validateHugePageValue(name, q, at));
    }
    if (QOS_RESOURCES.has(name)) limitsCpuOrMemory = true;
  }
  for (const [name, raw] of Object.entries(requirements.requests ?? {})) {
    const at = key(reqPath, name);
    const q = checkEntry(name, raw, nameCheck, at, errs);
    if (q === undefined) continue;
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
      errs.push(...validateHugePageValue(name, q, at));
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
