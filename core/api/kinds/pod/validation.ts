import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { forbidden } from '../../validation/field-errors.ts';
import { validatePodMetadataAndSpec } from './validation-pod.ts';

export { validatePodSpec, validatePodTemplateSpec } from './validation-spec.ts';
export { validatePodStatusUpdate, validatePodUpdate } from './validation-update.ts';

/**
 * Pod validation (ValidatePodCreate). Like every validator here it works on a defaulted
 * copy, so a raw manifest and its stored, defaulted form get the same verdict.
 */
export function validatePod(obj: KubeObject): FieldError[] {
  const { errors, spec } = validatePodMetadataAndSpec(obj);
  if (spec === undefined) return errors;
  if ((spec.ephemeralContainers ?? []).length > 0) {
    errors.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  }
  if ((spec.nodeName ?? '') !== '' && (spec.schedulingGates ?? []).length > 0) {
    errors.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errors;
}
