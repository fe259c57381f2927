import type { FieldError } from '../../errors.ts';
import { Quantity, QuantityParseError } from '../../quantity.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { NEGATIVE_MESSAGE } from './checks.ts';
import type { QuantityValue } from './json-shape.ts';

/** Quantity rules shared by PersistentVolumes, claims and Node status. */

export const NOT_POSITIVE_MESSAGE = 'must be greater than zero';
export const NOT_INTEGER_MESSAGE = 'must be an integer';

export type ParsedQuantity = { ok: true; quantity: Quantity } | { ok: false; errors: FieldError[] };

/**
 * A quantity from JSON (a string, or a bare number). Kubernetes' decoder rejects a
 * malformed one outright; we report it as an invalid value at its path instead.
 */
export function parseQuantityField(value: QuantityValue, path: string): ParsedQuantity {
  const text = typeof value === 'number' ? String(value) : value;
  try {
    return { ok: true, quantity: Quantity.parse(text) };
  } catch (error) {
    if (error instanceof QuantityParseError) return { ok: false, errors: [invalidValue(path, value, error.message)] };
    throw error;
  }
}

/** ValidatePositiveQuantityValue */
export function validatePositiveQuantity(q: Quantity, path: string): FieldError[] {
  return q.sign() <= 0 ? [invalidValue(path, q.toString(), NOT_POSITIVE_MESSAGE)] : [];
}

/** ValidateNonnegativeQuantity */
export function validateNonnegativeQuantity(q: Quantity, path: string): FieldError[] {
  return q.sign() < 0 ? [invalidValue(path, q.toString(), NEGATIVE_MESSAGE)] : [];
}

/** ValidateResourceQuantityValue: never negative, and whole for countable resources. */
export function validateResourceQuantityValue(resource: string, q: Quantity, path: string): FieldError[] {
  const errs = validateNonnegativeQuantity(q, path);
  if (isIntegerResourceName(resource) && q.milliValue() % 1000n !== 0n) {
    errs.push(invalidValue(path, q.toString(), NOT_INTEGER_MESSAGE));
  }
  return errs;
}

/** Object counts that the quota system tracks; always whole numbers. */
const STANDARD_INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

/** helper.IsIntegerResourceName: standard counts and extended (vendor-domain) resources. */
export function isIntegerResourceName(name: string): boolean {
  return STANDARD_INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);
}

/** Not a native resource (no kubernetes.io domain, or no domain at all) and no quota "requests." prefix. */
function isExtendedResourceName(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const domain = name.slice(0, slash);
  if (domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io')) return false;
  return !name.startsWith('requests.');
}
