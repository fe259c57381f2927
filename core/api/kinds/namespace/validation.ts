import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { isDNS1123Label } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateQualifiedName } from '../support/checks.ts';
import { condition, list, parseShape, str, strList, struct } from '../support/json-shape.ts';

/** core/v1 Namespace validation (pkg/apis/core/validation: ValidateNamespace*). */

const namespaceShape = struct({
  spec: struct({ finalizers: strList.optional() }).optional(),
  status: struct({ phase: str.optional(), conditions: list(condition).optional() }).optional(),
});

/** Finalizers Kubernetes itself defines; any other must be domain-qualified. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateNamespace(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, validateName: isDNS1123Label });
  const parsed = parseShape(namespaceShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  for (const finalizer of parsed.value.spec?.finalizers ?? []) {
    errs.push(...validateFinalizerName(finalizer, 'spec.finalizers'));
  }
  return errs;
}

/**
 * Kubernetes ignores spec and status on a plain namespace update (its strategy copies
 * them from the stored object; finalizers change through the finalize subresource), so
 * only metadata transitions are checked here.
 */
export function validateNamespaceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNamespace(obj)];
}

/** validateFinalizerName: a qualified name, and a bare one must be a standard finalizer. */
export function validateFinalizerName(finalizer: string, path: string): FieldError[] {
  const errs = validateQualifiedName(finalizer, path);
  if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
    errs.push(invalidValue(path, finalizer, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}
