import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { FIELD_IMMUTABLE_MESSAGE, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { parseShape } from '../pod/schema.ts';
import { int, labelSelector } from '../pod/schema-primitives.ts';
import { jsonEqual, validateNonnegative } from '../pod/validation-common.ts';
import { defaultReplicaSet } from './defaults.ts';
import { validateSelectedTemplate, validateWorkloadSelector } from './validation-template.ts';

/** apps/v1 ReplicaSet validation (ValidateReplicaSet, ValidateReplicaSetUpdate and the registry's selector rule). */

const replicaSetSpec = z.object({
  replicas: int.optional(),
  minReadySeconds: int.optional(),
  selector: labelSelector.optional(),
  template: z.unknown(),
});

export function validateReplicaSet(obj: KubeObject): FieldError[] {
  const rs = defaultedCopy(obj);
  const errs = validateObjectMeta(rs.metadata, { namespaced: true, validateName: isDNS1123Subdomain }, 'metadata');
  errs.push(...validateReplicaSetSpec(rs['spec'], 'spec'));
  return errs;
}

export function validateReplicaSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const rs = defaultedCopy(obj);
  const previous = defaultedCopy(old);
  const errs = validateObjectMetaUpdate(rs.metadata, previous.metadata, 'metadata');
  errs.push(...validateReplicaSetSpec(rs['spec'], 'spec'));
  errs.push(...validateSelectorUnchanged(rs, previous));
  return errs;
}

export function validateReplicaSetSpec(spec: unknown, path: string): FieldError[] {
  const parsed = parseShape(replicaSetSpec, spec ?? {}, path);
  if (!parsed.ok) return parsed.errors;
  const s = parsed.value;
  const errs = validateNonnegative(s.replicas ?? 0, `${path}.replicas`);
  errs.push(...validateNonnegative(s.minReadySeconds ?? 0, `${path}.minReadySeconds`));
  errs.push(...validateWorkloadSelector(s.selector, `${path}.selector`, 'deployment'));
  errs.push(...validateSelectedTemplate(s.selector, s.template, path));
  return errs;
}

/** apps/v1 forbids changing the selector (the registry strategy's ValidateImmutableField). */
export function validateSelectorUnchanged(obj: KubeObject, old: KubeObject): FieldError[] {
  const selector = (o: KubeObject): unknown => (isRecord(o['spec']) ? o['spec']['selector'] : undefined);
  const now = selector(obj);
  return jsonEqual(now, selector(old)) ? [] : [invalidValue('spec.selector', now ?? null, FIELD_IMMUTABLE_MESSAGE)];
}

function defaultedCopy(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  defaultReplicaSet(copy);
  return copy;
}
