import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, forbidden, index, invalidValue, key, notSupported, required } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { FIELD_IMMUTABLE_MESSAGE, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { semanticEqual, validateDNS1123Subdomain, validateImmutable, validateQualifiedName } from '../support/checks.ts';
import { type NodeSelectorTerm, parseShape } from '../support/json-shape.ts';
import { parseQuantityField, validatePositiveQuantity } from '../support/quantity-checks.ts';
import { validateAccessModes, validateVolumeMode } from '../support/storage-rules.ts';
import { PV_SOURCES, type PVSpec, pvShape } from './schema.ts';
import { validateVolumeSources } from './sources.ts';

/** core/v1 PersistentVolume validation (pkg/apis/core/validation: ValidatePersistentVolume*). */

const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const SOURCE_IMMUTABLE = 'spec.persistentvolumesource is immutable after creation';

export function validatePersistentVolume(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, validateName: isDNS1123Subdomain });
  const parsed = parseShape(pvShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  return [...errs, ...validateSpec(parsed.value.spec ?? {}, 'spec')];
}

function validateSpec(spec: PVSpec, path: string): FieldError[] {
  const errs = validateAccessModes(spec.accessModes ?? [], child(path, 'accessModes'));
  errs.push(...validateCapacity(spec.capacity, child(path, 'capacity')));

  const policy = spec.persistentVolumeReclaimPolicy ?? '';
  if (policy !== '' && !RECLAIM_POLICIES.includes(policy)) {
    errs.push(notSupported(child(path, 'persistentVolumeReclaimPolicy'), policy, RECLAIM_POLICIES));
  }
  const affinity = spec.nodeAffinity;
  if (affinity !== undefined) {
    const requiredTerms = affinity.required;
    if (requiredTerms === undefined) {
      errs.push(required(child(path, 'nodeAffinity.required'), 'must specify required node constraints'));
    } else {
      const termsPath = child(path, 'nodeAffinity.required.nodeSelectorTerms');
      errs.push(...validateNodeSelectorTerms(requiredTerms.nodeSelectorTerms ?? [], termsPath));
    }
  }

  const sources = validateVolumeSources(spec, path);
  errs.push(...sources.errs);
  if (spec.local !== undefined && sources.errs.every((e) => e.field !== child(path, 'local')) && affinity === undefined) {
    errs.push(required(child(path, 'nodeAffinity'), 'Local volume requires node affinity'));
  }
  // Recycling scrubs the volume's files: never for the node's root directory.
  if (spec.hostPath !== undefined && cleanPath(spec.hostPath.path ?? '') === '/' && policy === 'Recycle') {
    errs.push(forbidden(child(path, 'persistentVolumeReclaimPolicy'), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  if ((spec.storageClassName ?? '') !== '') {
    errs.push(...validateDNS1123Subdomain(spec.storageClassName ?? '', child(path, 'storageClassName')));
  }
  errs.push(...validateVolumeMode(spec.volumeMode, child(path, 'volumeMode')));
  if (spec.volumeAttributesClassName !== undefined) {
    const at = child(path, 'volumeAttributesClassName');
    if (spec.volumeAttributesClassName === '') errs.push(required(at, 'an empty string is disallowed'));
    else errs.push(...validateDNS1123Subdomain(spec.volumeAttributesClassName, at));
    if (spec.csi === undefined) errs.push(required(child(path, 'csi'), 'has to be specified when using volumeAttributesClassName'));
  }
  return errs;
}

/** Exactly one resource, storage, and a positive amount of it. */
function validateCapacity(capacity: PVSpec['capacity'], path: string): FieldError[] {
  const entries = Object.entries(capacity ?? {});
  const errs: FieldError[] = [];
  if (entries.length === 0) errs.push(required(path));
  if (capacity?.['storage'] === undefined || entries.length > 1) errs.push(notSupported(path, capacity ?? {}, ['storage']));
  for (const [resource, value] of entries) {
    const at = key(path, resource);
    const parsed = parseQuantityField(value, at);
    if (!parsed.ok) {
      errs.push(...parsed.errors);
      continue;
    }
    if (parsed.quantity.value() < 0n) errs.push(invalidValue(at, Number(parsed.quantity.value()), 'must be a valid resource quantity'));
    errs.push(...validatePositiveQuantity(parsed.quantity, at));
  }
  return errs;
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** ValidateNodeSelector for a volume's required node affinity. */
function validateNodeSelectorTerms(terms: readonly NodeSelectorTerm[], path: string): FieldError[] {
  if (terms.length === 0) return [required(path, 'must have at least one node selector term')];
  const errs: FieldError[] = [];
  terms.forEach((term, i) => {
    (term.matchExpressions ?? []).forEach((req, j) => {
      const at = index(child(index(path, i), 'matchExpressions'), j);
      const values = req.values ?? [];
      const operator = req.operator ?? '';
      if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
        errs.push(required(child(at, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
        errs.push(forbidden(child(at, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      } else if ((operator === 'Gt' || operator === 'Lt') && values.length !== 1) {
        errs.push(required(child(at, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      } else if (!SELECTOR_OPERATORS.includes(operator)) {
        errs.push(invalidValue(child(at, 'operator'), operator, 'not a valid selector operator'));
      }
      errs.push(...validateQualifiedName(req.key ?? '', child(at, 'key')));
    });
  });
  return errs;
}

/**
 * The volume source, volumeMode and (once set) node affinity are fixed after creation;
 * a CSI volume may gain a controllerExpandSecretRef, and volumeAttributesClassName may
 * change but not be removed. Kubernetes reports volumeMode and nodeAffinity without the
 * `spec.` prefix; we keep its paths.
 */
export function validatePersistentVolumeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePersistentVolume(obj)];
  const parsed = parseShape(pvShape, obj, '');
  const parsedOld = parseShape(pvShape, old, '');
  if (!parsed.ok || !parsedOld.ok) return errs;
  const spec = parsed.value.spec ?? {};
  const before = parsedOld.value.spec ?? {};

  if (!sameSources(spec, before)) errs.push(forbidden('spec.persistentvolumesource', SOURCE_IMMUTABLE));
  errs.push(...validateImmutable(spec.volumeMode, before.volumeMode, 'volumeMode'));
  if (before.nodeAffinity !== undefined && !semanticEqual(spec.nodeAffinity, before.nodeAffinity)) {
    const detail = `${FIELD_IMMUTABLE_MESSAGE}, except for updating from beta label to GA`;
    errs.push(invalidValue('nodeAffinity', spec.nodeAffinity ?? null, detail));
  }
  if (before.volumeAttributesClassName !== undefined && spec.volumeAttributesClassName === undefined) {
    errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
  }
  return errs;
}

function sameSources(spec: PVSpec, before: PVSpec): boolean {
  return PV_SOURCES.every((source) => {
    let now: unknown = spec[source];
    // Adding the expand secret to a CSI volume that had none is how resizing gets enabled.
    if (source === 'csi' && spec.csi !== undefined && before.csi?.controllerExpandSecretRef === undefined) {
      const { controllerExpandSecretRef: _added, ...rest } = spec.csi;
      now = rest;
    }
    return semanticEqual(now, before[source]);
  });
}

/** path.Clean, for absolute and relative slash-separated paths. */
export function cleanPath(p: string): string {
  const absolute = p.startsWith('/');
  const stack: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (stack.length > 0 && stack[stack.length - 1] !== '..') stack.pop();
      else if (!absolute) stack.push('..');
    } else stack.push(part);
  }
  const joined = stack.join('/');
  if (absolute) return `/${joined}`;
  return joined === '' ? '.' : joined;
}
