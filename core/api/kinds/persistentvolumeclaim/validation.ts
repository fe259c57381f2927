import type { FieldError } from '../../errors.ts';
import type { Quantity } from '../../quantity.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, forbidden, invalidValue, key, required } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { annotationsOf, validateDNS1123Label, validateDNS1123Subdomain, validateImmutable } from '../support/checks.ts';
import { parseShape } from '../support/json-shape.ts';
import { validateLabelSelector } from '../support/label-selector.ts';
import { parseQuantityField, validatePositiveQuantity, validateResourceQuantityValue } from '../support/quantity-checks.ts';
import { validateAccessModes, validateVolumeMode } from '../support/storage-rules.ts';
import { type PVCSpec, pvcShape, type TypedReference } from './schema.ts';
import { validateSpecUpdate } from './spec-update.ts';

/** core/v1 PersistentVolumeClaim validation (pkg/apis/core/validation: ValidatePersistentVolumeClaim*). */

export function validatePersistentVolumeClaim(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain });
  const parsed = parseShape(pvcShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  return [...errs, ...validateSpec(parsed.value.spec ?? {}, 'spec')];
}

function validateSpec(spec: PVCSpec, path: string): FieldError[] {
  const errs = validateAccessModes(spec.accessModes ?? [], child(path, 'accessModes'), 'at least 1 access mode is required');
  errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));

  // Kubernetes names the storage request `spec.resources[storage]`.
  const storagePath = key(child(path, 'resources'), 'storage');
  const storage = spec.resources?.requests?.['storage'];
  if (storage === undefined) errs.push(required(storagePath));
  else {
    const parsed = parseQuantityField(storage, storagePath);
    if (!parsed.ok) errs.push(...parsed.errors);
    else {
      const positive = validatePositiveQuantity(parsed.quantity, storagePath);
      errs.push(...(positive.length > 0 ? positive : validateResourceQuantityValue('storage', parsed.quantity, storagePath)));
    }
  }

  if ((spec.storageClassName ?? '') !== '') {
    errs.push(...validateDNS1123Subdomain(spec.storageClassName ?? '', child(path, 'storageClassName')));
  }
  errs.push(...validateVolumeMode(spec.volumeMode, child(path, 'volumeMode')));
  if (spec.dataSource !== undefined) errs.push(...validateDataSource(spec.dataSource, child(path, 'dataSource'), false));
  if (spec.dataSourceRef !== undefined) errs.push(...validateDataSource(spec.dataSourceRef, child(path, 'dataSourceRef'), true));
  if ((spec.dataSourceRef?.namespace ?? '') !== '') {
    if (spec.dataSource !== undefined) {
      errs.push(invalidValue(path, child(path, 'dataSource'), 'may not be specified when dataSourceRef.namespace is specified'));
    }
  } else if (spec.dataSource !== undefined && spec.dataSourceRef !== undefined && !sameReference(spec.dataSource, spec.dataSourceRef)) {
    errs.push(invalidValue(path, child(path, 'dataSource'), 'must match dataSourceRef'));
  }
  if ((spec.volumeAttributesClassName ?? '') !== '') {
    errs.push(...validateDNS1123Subdomain(spec.volumeAttributesClassName ?? '', child(path, 'volumeAttributesClassName')));
  }
  return errs;
}

/** A claim populates from another claim in its own group, or from any kind of a named API group. */
function validateDataSource(ref: TypedReference, path: string, allowNamespace: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if ((ref.name ?? '') === '') errs.push(required(child(path, 'name')));
  if ((ref.kind ?? '') === '') errs.push(required(child(path, 'kind')));
  const apiGroup = ref.apiGroup ?? '';
  if (apiGroup === '' && ref.kind !== 'PersistentVolumeClaim') {
    errs.push(invalidValue(path, ref.kind ?? '', "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup !== '') errs.push(...validateDNS1123Subdomain(apiGroup, child(path, 'apiGroup')));
  if (allowNamespace && (ref.namespace ?? '') !== '') errs.push(...validateDNS1123Label(ref.namespace ?? '', child(path, 'namespace')));
  return errs;
}

function sameReference(a: TypedReference, b: TypedReference): boolean {
  return (a.apiGroup ?? null) === (b.apiGroup ?? null) && a.kind === b.kind && a.name === b.name;
}

/**
 * A claim's spec is fixed once created, except: a bound claim may grow (never below its
 * recorded capacity), volumeName may be set once, storageClassName may be set from the
 * beta annotation or from nothing, and volumeAttributesClassName may change (but not go away).
 */
export function validatePersistentVolumeClaimUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePersistentVolumeClaim(obj)];
  const parsed = parseShape(pvcShape, obj, '');
  const parsedOld = parseShape(pvcShape, old, '');
  if (!parsed.ok || !parsedOld.ok) return errs;
  const spec = parsed.value.spec ?? {};
  const before = parsedOld.value.spec ?? {};
  const bound = parsed.value.status?.phase === 'Bound';

  errs.push(...validateSpecUpdate({ spec, before, bound, annotations: annotationsOf(obj), oldAnnotations: annotationsOf(old) }));

  const newSize = quantityOf(spec.resources?.requests?.['storage']);
  const oldSize = quantityOf(before.resources?.requests?.['storage']);
  const statusSize = quantityOf(parsedOld.value.status?.capacity?.['storage']);
  // Shrinking back towards the recorded capacity undoes a failed expansion; never below it.
  if (newSize !== undefined && oldSize !== undefined && newSize.cmp(oldSize) < 0) {
    // An unbound claim has no capacity yet, which Kubernetes reads as zero.
    if (statusSize !== undefined && newSize.cmp(statusSize) <= 0) {
      errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
    }
  }
  errs.push(...validateImmutable(spec.volumeMode, before.volumeMode, 'volumeMode'));
  if (before.volumeAttributesClassName !== undefined) {
    if (spec.volumeAttributesClassName === undefined) {
      errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
    } else if (spec.volumeAttributesClassName === '' && before.volumeAttributesClassName !== '') {
      errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to an empty string is forbidden'));
    }
  }
  return errs;
}

function quantityOf(value: string | number | undefined): Quantity | undefined {
  if (value === undefined) return undefined;
  const parsed = parseQuantityField(value, '');
  return parsed.ok ? parsed.quantity : undefined;
}
