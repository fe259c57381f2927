import type { FieldError } from '../../errors.ts';
import { invalidValue, notSupported, required } from '../../validation/field-errors.ts';

/** Path, file-mode and pull-policy checks that several parts of a pod spec share (kind-wide ones live in support/). */

export const FILE_MODE_MESSAGE = 'must be a number between 0 and 0777 (octal), both inclusive';

export function validateFileMode(mode: number | undefined, path: string): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0) ? [invalidValue(path, mode, FILE_MODE_MESSAGE)] : [];
}

/** No `..` element anywhere in the path; one error is enough. */
export function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.replaceAll('\\', '/').split('/').includes('..') ? [invalidValue(path, target, "must not contain '..'")] : [];
}

/** A relative path that stays below its base. */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalidValue(path, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

/** ValidateLocalNonReservedPath: also refuses names starting with `..` (kubelet's own files). */
export function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalidValue(path, target, "must not start with '..'"));
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

export function validatePullPolicy(policy: string, path: string): FieldError[] {
  if (policy === '') return [required(path)];
  return PULL_POLICIES.includes(policy) ? [] : [notSupported(path, policy, PULL_POLICIES)];
}
