import type { FieldError } from '../../errors.ts';
import { Quantity, QuantityParseError } from '../../quantity.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { NEGATIVE_MESSAGE, NOT_POSITIVE_MESSAGE } from './checks.ts';
import type { QuantityValue } from './json-shape.ts';
import { isIntegerResourceName } from './resource-names.ts';

/** Quantity rules shared by pod resources, PersistentVolumes, claims and Node status. */

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
  // Kubernetes hands the Quantity itself to field.Invalid here, so it prints unquoted.
  if (isIntegerResourceName(resource) && q.milliValue() % 1000n !== 0n) errs.push(invalidValue(path, q, NOT_INTEGER_MESSAGE));
  return errs;
}
