import type { FieldError } from '../../errors.ts';
import { isRecord } from '../../types/meta.ts';
import { child, invalidValue, key } from '../../validation/field-errors.ts';
import type { PodSpec } from './schema.ts';
import { validateLocalDescendingPath } from './validation-common.ts';

/** ValidatePodSpecificAnnotations: the annotations whose values Kubernetes interprets. */

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const MIN_INT32 = -(2 ** 31);
const MAX_INT32 = 2 ** 31 - 1;

export function validatePodSpecificAnnotations(annotations: unknown, spec: PodSpec, path: string): FieldError[] {
  if (!isRecord(annotations)) return [];
  const errs: FieldError[] = [];
  const mirror = annotations[MIRROR_POD_ANNOTATION];
  if (typeof mirror === 'string' && (spec.nodeName ?? '') === '') {
    errs.push(invalidValue(key(path, MIRROR_POD_ANNOTATION), mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  }
  const cost = annotations[DELETION_COST_ANNOTATION];
  if (typeof cost === 'string' && !isInt32(cost)) {
    errs.push(invalidValue(key(path, DELETION_COST_ANNOTATION), cost, 'must be a 32bit integer'));
  }
  for (const [name, value] of Object.entries(annotations)) {
    if (typeof value !== 'string') continue;
    if (name === SECCOMP_POD_ANNOTATION || name.startsWith(SECCOMP_CONTAINER_PREFIX)) {
      // Kubernetes names these with Child(), so the key follows a dot.
      errs.push(...validateSeccompProfileAnnotation(value, child(path, name)));
    }
  }
  return errs;
}

function isInt32(text: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(text)) return false;
  const n = Number(text);
  return n >= MIN_INT32 && n <= MAX_INT32;
}

function validateSeccompProfileAnnotation(profile: string, path: string): FieldError[] {
  if (profile === 'runtime/default' || profile === 'docker/default' || profile === 'unconfined') return [];
  if (profile.startsWith('localhost/')) return validateLocalDescendingPath(profile.slice('localhost/'.length), path);
  return [invalidValue(path, profile, 'must be a valid seccomp profile')];
}
