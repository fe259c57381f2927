import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { bool, list, objectReference, parseShape, str, struct } from '../support/json-shape.ts';

/** core/v1 ServiceAccount validation: its metadata, plus the JSON types of its few fields. */

const serviceAccountShape = struct({
  secrets: list(objectReference).optional(),
  imagePullSecrets: list(struct({ name: str.optional() })).optional(),
  automountServiceAccountToken: bool.optional(),
});

export function validateServiceAccount(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain });
  const parsed = parseShape(serviceAccountShape, obj, '');
  return parsed.ok ? errs : [...errs, ...parsed.errors];
}

export function validateServiceAccountUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateServiceAccount(obj)];
}
