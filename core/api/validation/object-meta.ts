import type { FieldError } from '../errors.ts';
import { isRecord } from '../types/meta.ts';
import { child, forbidden, goQuote, invalidValue, key, required, tooLong, typeInvalid } from './field-errors.ts';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from './names.ts';

/**
 * ObjectMeta validation as k8s.io/apimachinery/pkg/api/validation/objectmeta.go does it.
 * Metadata arrives as untyped JSON, so values of the wrong JSON type are reported as
 * FieldValueTypeInvalid where Kubernetes' typed decoder would have refused the body.
 */

export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;
export const FIELD_IMMUTABLE_MESSAGE = 'field is immutable';
const FIELD_MANAGER_MAX_LENGTH = 128;
const MAX_SUBRESOURCE_NAME_LENGTH = 256;
const FINALIZER_ORPHAN = 'orphan';
const FINALIZER_FOREGROUND = 'foregroundDeletion';

export interface ObjectMetaOptions {
  namespaced: boolean;
  /** the kind's name rule, e.g. isDNS1123Subdomain; returns problem descriptions */
  validateName: (name: string) => string[];
}

/**
 * Validates metadata of an object being created. Kubernetes generates the name from
 * generateName before validating; when that has not happened yet, a generateName alone
 * satisfies "name or generateName is required" and is checked as a name prefix.
 */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions, path = 'metadata'): FieldError[] {
  const m = asMeta(meta, path);
  if (!isRecord(m)) return m;
  const errs: FieldError[] = [];
  const name = stringField(m, path, 'name', errs);
  const generateName = stringField(m, path, 'generateName', errs);
  const namespace = stringField(m, path, 'namespace', errs);
  stringField(m, path, 'resourceVersion', errs);
  stringField(m, path, 'uid', errs);

  if (generateName !== '') {
    for (const msg of opts.validateName(maskTrailingDash(generateName))) {
      errs.push(invalidValue(child(path, 'generateName'), generateName, msg));
    }
  }
  if (name === '') {
    if (generateName === '') errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of opts.validateName(name)) errs.push(invalidValue(child(path, 'name'), name, msg));
  }

  if (opts.namespaced) {
    if (namespace === '') errs.push(required(child(path, 'namespace')));
    else for (const msg of isDNS1123Label(namespace)) errs.push(invalidValue(child(path, 'namespace'), namespace, msg));
  } else if (namespace !== '') {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }

  const generation = integerField(m, path, 'generation', errs);
  if (generation !== undefined && generation < 0) {
    errs.push(invalidValue(child(path, 'generation'), generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(m['labels'], child(path, 'labels')));
  errs.push(...validateAnnotations(m['annotations'], child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m['ownerReferences'], child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m['finalizers'], child(path, 'finalizers')));
  errs.push(...validateManagedFields(m['managedFields'], child(path, 'managedFields')));
  return errs;
}

/** Validates metadata of an update against the stored object's metadata. */
export function validateObjectMetaUpdate(meta: unknown, oldMeta: unknown, path = 'metadata'): FieldError[] {
  const m = asMeta(meta, path);
  if (!isRecord(m)) return m;
  const old = isRecord(oldMeta) ? oldMeta : {};
  const errs: FieldError[] = [];

  if (isSet(old['deletionTimestamp'])) {
    const before = new Set(stringList(old['finalizers']));
    const added = [...new Set(stringList(m['finalizers']))].filter((f) => !before.has(f)).sort();
    if (added.length > 0) {
      const shown = `[]string{${added.map(goQuote).join(', ')}}`;
      errs.push(
        forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${shown}`),
      );
    }
  }
  // The store copies the current resourceVersion into unconditional updates before validating.
  const resourceVersion = stringField(m, path, 'resourceVersion', errs);
  if (resourceVersion === '') {
    errs.push(invalidValue(child(path, 'resourceVersion'), '', 'must be specified for an update'));
  }
  const generation = integerField(m, path, 'generation', errs) ?? 0;
  const oldGeneration = typeof old['generation'] === 'number' ? old['generation'] : 0;
  if (generation < oldGeneration) {
    errs.push(invalidValue(child(path, 'generation'), generation, 'must not be decremented'));
  }

  for (const field of ['name', 'namespace', 'uid'] as const) {
    const now = m[field] ?? '';
    if (now !== (old[field] ?? '')) errs.push(invalidValue(child(path, field), now, FIELD_IMMUTABLE_MESSAGE));
  }
  for (const field of ['creationTimestamp', 'deletionTimestamp'] as const) {
    if (!sameTime(m[field], old[field])) {
      errs.push(invalidValue(child(path, field), goTimeString(m[field], field === 'creationTimestamp'), FIELD_IMMUTABLE_MESSAGE));
    }
  }
  const grace = m['deletionGracePeriodSeconds'] ?? null;
  if (grace !== (old['deletionGracePeriodSeconds'] ?? null)) {
    errs.push(invalidValue(child(path, 'deletionGracePeriodSeconds'), grace, FIELD_IMMUTABLE_MESSAGE));
  }

  errs.push(...validateLabels(m['labels'], child(path, 'labels')));
  errs.push(...validateAnnotations(m['annotations'], child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m['ownerReferences'], child(path, 'ownerReferences')));
  errs.push(...validateManagedFields(m['managedFields'], child(path, 'managedFields')));
  return errs;
}

/** metav1 validation.ValidateLabels: every error is reported on the map's own path. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const entries = stringMap(labels, path);
  if (!Array.isArray(entries)) return [entries];
  const errs: FieldError[] = [];
  for (const [k, v] of entries) {
    if (typeof v !== 'string') {
      errs.push(typeInvalid(key(path, k), v, 'must be of type string'));
      continue;
    }
    for (const msg of isQualifiedName(k)) errs.push(invalidValue(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.push(invalidValue(path, v, msg));
  }
  return errs;
}

/** Annotation keys are qualified names in any case; all keys and values together fit in 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const entries = stringMap(annotations, path);
  if (!Array.isArray(entries)) return [entries];
  const errs: FieldError[] = [];
  let totalSize = 0;
  for (const [k, v] of entries) {
    if (typeof v !== 'string') {
      errs.push(typeInvalid(key(path, k), v, 'must be of type string'));
      continue;
    }
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalidValue(path, k, msg));
    totalSize += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (totalSize > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

/** Like Kubernetes, reference errors name the list (`metadata.ownerReferences.uid`), not the item. */
export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs)) return [typeInvalid(path, refs, 'must be of type array')];
  const errs: FieldError[] = [];
  let firstController = '';
  for (const [i, ref] of refs.entries()) {
    if (!isRecord(ref)) {
      errs.push(typeInvalid(`${path}[${i}]`, ref, 'must be of type object'));
      continue;
    }
    const apiVersion = textField(ref, 'apiVersion');
    const { group, version } = parseGroupVersion(apiVersion);
    if (version === '') errs.push(invalidValue(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    for (const field of ['kind', 'name', 'uid']) {
      if (textField(ref, field) === '') errs.push(invalidValue(child(path, field), textField(ref, field), 'must not be empty'));
    }
    if (group === '' && version === 'v1' && textField(ref, 'kind') === 'Event') {
      errs.push(invalidValue(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref['controller'] === true) {
      const current = `${textField(ref, 'kind')}/${textField(ref, 'name')}`;
      if (firstController === '') firstController = current;
      else {
        errs.push(
          invalidValue(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      }
    }
  }
  return errs;
}

/** Finalizers are qualified names; "orphan" and "foregroundDeletion" exclude each other. */
export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  if (finalizers === undefined || finalizers === null) return [];
  if (!Array.isArray(finalizers)) return [typeInvalid(path, finalizers, 'must be of type array')];
  const errs: FieldError[] = [];
  for (const [i, finalizer] of finalizers.entries()) {
    if (typeof finalizer !== 'string') {
      errs.push(typeInvalid(`${path}[${i}]`, finalizer, 'must be of type string'));
      continue;
    }
    for (const msg of isQualifiedName(finalizer)) errs.push(invalidValue(path, finalizer, msg));
  }
  if (finalizers.includes(FINALIZER_ORPHAN) && finalizers.includes(FINALIZER_FOREGROUND)) {
    errs.push(invalidValue(path, finalizers, `finalizer ${FINALIZER_ORPHAN} and ${FINALIZER_FOREGROUND} cannot be both set`));
  }
  return errs;
}

export function validateManagedFields(entries: unknown, path: string): FieldError[] {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) return [typeInvalid(path, entries, 'must be of type array')];
  const errs: FieldError[] = [];
  for (const [i, entry] of entries.entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(entry)) {
      errs.push(typeInvalid(at, entry, 'must be of type object'));
      continue;
    }
    const operation = entry['operation'] ?? '';
    if (operation !== 'Apply' && operation !== 'Update') {
      errs.push(invalidValue(child(at, 'operation'), operation, 'must be `Apply` or `Update`'));
    }
    const fieldsType = entry['fieldsType'] ?? '';
    if (fieldsType !== '' && fieldsType !== 'FieldsV1') {
      errs.push(invalidValue(child(at, 'fieldsType'), fieldsType, 'must be `FieldsV1`'));
    }
    const manager = typeof entry['manager'] === 'string' ? entry['manager'] : '';
    if (Buffer.byteLength(manager, 'utf8') > FIELD_MANAGER_MAX_LENGTH) {
      errs.push(tooLong(child(at, 'manager'), '', FIELD_MANAGER_MAX_LENGTH));
    }
    let position = 0;
    for (const ch of manager) {
      if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) {
        const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
        errs.push(invalidValue(child(at, 'manager'), manager, `invalid character U+${code} (at position ${position})`));
      }
      position += Buffer.byteLength(ch, 'utf8');
    }
    const subresource = typeof entry['subresource'] === 'string' ? entry['subresource'] : '';
    if (Buffer.byteLength(subresource, 'utf8') > MAX_SUBRESOURCE_NAME_LENGTH) {
      errs.push(tooLong(child(at, 'subresource'), '', MAX_SUBRESOURCE_NAME_LENGTH));
    }
  }
  return errs;
}

// Helpers over untyped metadata.

/** A missing metadata block behaves like Go's zero ObjectMeta; any other non-object is a type error. */
function asMeta(meta: unknown, path: string): Record<string, unknown> | FieldError[] {
  if (meta === undefined || meta === null) return {};
  if (!isRecord(meta)) return [typeInvalid(path, meta, 'must be of type object')];
  return meta;
}

function stringField(m: Record<string, unknown>, path: string, field: string, errs: FieldError[]): string {
  const value = m[field];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  errs.push(typeInvalid(child(path, field), value, 'must be of type string'));
  return '';
}

function integerField(m: Record<string, unknown>, path: string, field: string, errs: FieldError[]): number | undefined {
  const value = m[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  errs.push(typeInvalid(child(path, field), value, 'must be of type integer'));
  return undefined;
}

function stringMap(value: unknown, path: string): Array<[string, unknown]> | FieldError {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) return typeInvalid(path, value, 'must be of type object');
  return Object.entries(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** ValidateNameFunc's prefix mode: a trailing '-' is fine because a suffix follows. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** schema.ParseGroupVersion, where a malformed value (two slashes) yields an empty group/version. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return { group: '', version: '' };
}

// Module level on purpose: tsx (esbuild keepNames) names an arrow declared inside a function on every call.
function unset(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** a member of an owner reference as text, '' when it is not a string */
function textField(ref: Record<string, unknown>, field: string): string {
  const value = ref[field];
  return typeof value === 'string' ? value : '';
}

/** metav1.Time compares as an instant, not as text. */
function sameTime(a: unknown, b: unknown): boolean {
  if (unset(a) || unset(b)) return unset(a) && unset(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    return Number.isNaN(ta) || Number.isNaN(tb) ? a === b : ta === tb;
  }
  return a === b;
}

/**
 * How Go prints a metav1.Time in an error: `2024-01-02 03:04:05 +0000 UTC`; an unset
 * creationTimestamp is Go's zero time, an unset deletionTimestamp a nil pointer.
 */
function goTimeString(value: unknown, zeroWhenUnset: boolean): unknown {
  if (value === undefined || value === null || value === '') {
    return zeroWhenUnset ? stringer('0001-01-01 00:00:00 +0000 UTC') : null;
  }
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return value;
  const iso = new Date(Date.parse(value)).toISOString();
  const [date = '', time = ''] = iso.split('T');
  const [clock = '', fraction = ''] = time.replace('Z', '').split('.');
  const nanos = fraction.replace(/0+$/, '');
  return stringer(`${date} ${clock}${nanos === '' ? '' : `.${nanos}`} +0000 UTC`);
}

/** A value that prints unquoted, as Go prints a fmt.Stringer. */
function stringer(text: string): { toString(): string } {
  return { toString: () => text };
}
