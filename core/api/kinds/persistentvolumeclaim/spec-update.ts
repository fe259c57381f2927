import type { FieldError } from '../../errors.ts';
import { Quantity, QuantityParseError } from '../../quantity.ts';
import { forbidden, invalidValue } from '../../validation/field-errors.ts';
import { FIELD_IMMUTABLE_MESSAGE } from '../../validation/object-meta.ts';
import { semanticEqual } from '../support/checks.ts';
import type { PVCSpec } from './schema.ts';
import { cloneJson } from '../../types/clone-json.ts';

/** The part of ValidatePersistentVolumeClaimUpdate that keeps a claim's spec fixed. */

export const SPEC_IMMUTABLE_MESSAGE =
  'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

export interface SpecUpdate {
  spec: PVCSpec;
  before: PVCSpec;
  /** status.phase of the new object is Bound */
  bound: boolean;
  annotations: Record<string, string> | undefined;
  oldAnnotations: Record<string, string> | undefined;
}

/**
 * Compares the specs after masking what may change: volumeName the first time it is
 * set, a storage class that replaces the beta annotation (or nothing), a bound claim's
 * storage request and volumeAttributesClassName.
 */
export function validateSpecUpdate(update: SpecUpdate): FieldError[] {
  const errs: FieldError[] = [];
  const now: PVCSpec = cloneJson(update.spec);
  const before: PVCSpec = cloneJson(update.before);
  const annotations = update.annotations ?? {};
  const oldAnnotations = update.oldAnnotations ?? {};

  if ((before.volumeName ?? '') === '') before.volumeName = now.volumeName;

  if (upgradesFromAnnotation(annotations, oldAnnotations, before.storageClassName, now.storageClassName)) {
    delete now.storageClassName;
  } else {
    const newValue = annotations[BETA_STORAGE_CLASS] ?? '';
    if (newValue !== (oldAnnotations[BETA_STORAGE_CLASS] ?? '')) {
      errs.push(invalidValue(`metadata.annotations.${BETA_STORAGE_CLASS}`, newValue, FIELD_IMMUTABLE_MESSAGE));
    }
    if (upgradesFromNil(oldAnnotations, before.storageClassName, now.storageClassName)) delete now.storageClassName;
  }

  if (update.bound && now.resources?.requests !== undefined) {
    const oldStorage = before.resources?.requests?.['storage'];
    if (oldStorage === undefined) delete now.resources.requests['storage'];
    else now.resources.requests['storage'] = oldStorage;
  }
  now.volumeAttributesClassName = before.volumeAttributesClassName;

  if (!semanticEqual(canonicalQuantities(now), canonicalQuantities(before))) errs.push(forbidden('spec', SPEC_IMMUTABLE_MESSAGE));
  return errs;
}

/** The old claim used the beta annotation and the new one moves that same class into the field. */
function upgradesFromAnnotation(
  annotations: Record<string, string>,
  oldAnnotations: Record<string, string>,
  oldClass: string | undefined,
  newClass: string | undefined,
): boolean {
  const oldValue = oldAnnotations[BETA_STORAGE_CLASS];
  if (oldValue === undefined || oldClass !== undefined || newClass !== oldValue) return false;
  const newValue = annotations[BETA_STORAGE_CLASS];
  return newValue === undefined || newValue === oldValue;
}

/** A claim created without any class may be given one later (the default class admission does this). */
function upgradesFromNil(oldAnnotations: Record<string, string>, oldClass: string | undefined, newClass: string | undefined): boolean {
  const oldValue = oldAnnotations[BETA_STORAGE_CLASS];
  return newClass !== undefined && oldClass === undefined && (oldValue === undefined || newClass === oldValue);
}

/** Requests and limits compared by amount, as Semantic.DeepEqual compares Quantities ("1Gi" equals "1024Mi"). */
function canonicalQuantities(spec: PVCSpec): unknown {
  const resources = spec.resources;
  if (resources === undefined) return spec;
  const canonical = (list: Record<string, string | number> | undefined) =>
    list === undefined ? undefined : Object.fromEntries(Object.entries(list).map(([k, v]) => [k, amount(v)]));
  return { ...spec, resources: { requests: canonical(resources.requests), limits: canonical(resources.limits) } };
}

function amount(value: string | number): string {
  try {
    return Quantity.parse(String(value)).nanoValue().toString();
  } catch (error) {
    // Malformed amounts were already reported; compare them as written.
    if (error instanceof QuantityParseError) return String(value);
    throw error;
  }
}
