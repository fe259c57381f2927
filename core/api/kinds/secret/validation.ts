import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { forbidden, invalidValue, key, required, tooLong, typeInvalid } from '../../validation/field-errors.ts';
import { isConfigMapKey, isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { decodeBase64, decodedLength, isStdBase64 } from '../support/base64.ts';
import { annotationsOf, stringMapsEqual, validateImmutable } from '../support/checks.ts';
import { bool, mapOf, parseShape, str, struct } from '../support/json-shape.ts';

/** core/v1 Secret validation (pkg/apis/core/validation: ValidateSecret*). */

export const MAX_SECRET_SIZE = 1024 * 1024;
const IMMUTABLE_MESSAGE = 'field is immutable when `immutable` is set';
/** Kubernetes never echoes secret material in an error. */
const REDACTED = '<secret contents redacted>';

const secretShape = struct({
  data: mapOf(str).optional(),
  stringData: mapOf(str).optional(),
  type: str.optional(),
  immutable: bool.optional(),
});

export function validateSecret(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain });
  const parsed = parseShape(secretShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const rawData = parsed.value.data ?? {};

  const data = new Map<string, Buffer>();
  let totalSize = 0;
  for (const [k, value] of Object.entries(rawData)) {
    const at = key('data', k);
    for (const msg of isConfigMapKey(k)) errs.push(invalidValue(at, k, msg));
    if (!isStdBase64(value)) {
      errs.push(typeInvalid(at, REDACTED, 'must be a base64-encoded string'));
      continue;
    }
    totalSize += decodedLength(value);
    data.set(k, decodeBase64(value));
  }
  if (totalSize > MAX_SECRET_SIZE) errs.push(tooLong('data', '', MAX_SECRET_SIZE));
  errs.push(...validateTypedSecret(obj, parsed.value.type ?? '', data));
  return errs;
}

/** The keys each built-in Secret type must carry. */
function validateTypedSecret(obj: KubeObject, type: string, data: ReadonlyMap<string, Buffer>): FieldError[] {
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      // The token controller fills in data later; only the account's name must be known now.
      const name = annotationsOf(obj)['kubernetes.io/service-account.name'];
      return typeof name === 'string' && name !== ''
        ? []
        : [required(key('metadata.annotations', 'kubernetes.io/service-account.name'))];
    }
    case 'kubernetes.io/dockercfg':
      return validateDockerConfig(data, '.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return validateDockerConfig(data, '.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of them must be present.
      if (data.has('username') || data.has('password')) return [];
      return [required(key('data', 'username')), required(key('data', 'password'))];
    case 'kubernetes.io/ssh-auth':
      return (data.get('ssh-privatekey')?.length ?? 0) > 0 ? [] : [required(key('data', 'ssh-privatekey'))];
    case 'kubernetes.io/tls': {
      const errs: FieldError[] = [];
      if (!data.has('tls.crt')) errs.push(required(key('data', 'tls.crt')));
      if (!data.has('tls.key')) errs.push(required(key('data', 'tls.key')));
      return errs;
    }
    default:
      return [];
  }
}

/** The docker config key must be present and hold a JSON object. */
function validateDockerConfig(data: ReadonlyMap<string, Buffer>, dataKey: string): FieldError[] {
  const at = key('data', dataKey);
  const content = data.get(dataKey);
  if (content === undefined) return [required(at)];
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch (error) {
    return [invalidValue(at, REDACTED, error instanceof Error ? error.message : String(error))];
  }
  // Go's json.Unmarshal into a map accepts an object or null and refuses everything else.
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
    const found = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
    return [invalidValue(at, REDACTED, `json: cannot unmarshal ${found} into Go value of type map[string]interface {}`)];
  }
  return [];
}

/** `type` never changes; an immutable Secret keeps its data and its flag. */
export function validateSecretUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  errs.push(...validateImmutable(obj['type'], old['type'], 'type'));
  if (old['immutable'] === true) {
    if (obj['immutable'] !== true) errs.push(forbidden('immutable', IMMUTABLE_MESSAGE));
    // stringData has already been folded into data by the time this runs.
    if (!stringMapsEqual(obj['data'], old['data'])) errs.push(forbidden('data', IMMUTABLE_MESSAGE));
  }
  return [...errs, ...validateSecret(obj)];
}
