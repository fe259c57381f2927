import type { FieldError } from '../../errors.ts';
import { isRecord, type KubeObject } from '../../types/meta.ts';
import { forbidden, invalidValue, key, tooLong, typeInvalid } from '../../validation/field-errors.ts';
import { isConfigMapKey, isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { decodedLength, isStdBase64 } from '../support/base64.ts';
import { stringMapsEqual } from '../support/checks.ts';
import { bool, mapOf, parseShape, str, struct } from '../support/json-shape.ts';

/** core/v1 ConfigMap validation (pkg/apis/core/validation: ValidateConfigMap*). */

/** core.MaxSecretSize, shared by ConfigMaps and Secrets. */
export const MAX_CONFIG_MAP_SIZE = 1024 * 1024;
export const IMMUTABLE_MESSAGE = 'field is immutable when `immutable` is set';

const configMapShape = struct({
  data: mapOf(str).optional(),
  binaryData: mapOf(str).optional(),
  immutable: bool.optional(),
});

export function validateConfigMap(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain });
  const parsed = wellTyped(obj) ?? parseShape(configMapShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const data = parsed.value.data ?? {};
  const binaryData = parsed.value.binaryData ?? {};

  let totalSize = 0;
  for (const [k, value] of Object.entries(data)) {
    const at = key('data', k);
    for (const msg of isConfigMapKey(k)) errs.push(invalidValue(at, k, msg));
    if (Object.hasOwn(binaryData, k)) errs.push(invalidValue(at, k, 'duplicate of key present in binaryData'));
    totalSize += Buffer.byteLength(value, 'utf8');
  }
  for (const [k, value] of Object.entries(binaryData)) {
    const at = key('binaryData', k);
    for (const msg of isConfigMapKey(k)) errs.push(invalidValue(at, k, msg));
    if (!isStdBase64(value)) {
      errs.push(typeInvalid(at, preview(value), 'must be a base64-encoded string'));
      continue;
    }
    totalSize += decodedLength(value);
  }
  // Kubernetes reports the size on the whole object: an empty path, which Go prints as "[]".
  if (totalSize > MAX_CONFIG_MAP_SIZE) errs.push(tooLong('[]', '', MAX_CONFIG_MAP_SIZE));
  return errs;
}

type ConfigMapShape = { data?: Record<string, string>; binaryData?: Record<string, string>; immutable?: boolean };

/**
 * The typed fields read directly when they are plainly right, as nearly every
 * body has them: what `parseShape` would return, without its copy of the whole
 * object. Anything unusual (a null, a wrong type, an odd key) is left to
 * `parseShape`, which reports it.
 */
function wellTyped(obj: KubeObject): { ok: true; value: ConfigMapShape } | undefined {
  const value: ConfigMapShape = {};
  const immutable = obj['immutable'];
  if (typeof immutable === 'boolean') value.immutable = immutable;
  else if (immutable !== undefined) return undefined;
  for (const field of ['data', 'binaryData'] as const) {
    const map = obj[field];
    if (map === undefined) continue;
    if (!isStringMap(map)) return undefined;
    value[field] = map;
  }
  return { ok: true, value };
}

function isStringMap(value: unknown): value is Record<string, string> {
  if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, '__proto__')) return false;
  for (const key in value) {
    if (typeof value[key] !== 'string') return false;
  }
  return true;
}

/** Once `immutable: true` is stored, neither the flag nor any data may change. */
export function validateConfigMapUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  if (old['immutable'] === true) {
    if (obj['immutable'] !== true) errs.push(forbidden('immutable', IMMUTABLE_MESSAGE));
    for (const field of ['data', 'binaryData']) {
      if (!stringMapsEqual(obj[field], old[field])) errs.push(forbidden(field, IMMUTABLE_MESSAGE));
    }
  }
  return [...errs, ...validateConfigMap(obj)];
}

/** Enough of a bad value to recognise it, without echoing up to a mebibyte back. */
export function preview(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}...` : value;
}
