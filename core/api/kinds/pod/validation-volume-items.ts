import type { FieldError } from '../../errors.ts';
import { child, invalidValue, required } from '../../validation/field-errors.ts';
import type { DownwardAPIVolumeFile, KeyToPath } from './schema-volumes.ts';
import { validateFileMode, validateLocalNonReservedPath } from './validation-common.ts';
import { VOLUME_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './validation-env.ts';

/** The files a secret, configMap, downwardAPI or projected volume lays out. */

export function validateKeyToPath(item: KeyToPath, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((item.key ?? '') === '') errs.push(required(child(path, 'key')));
  const target = item.path ?? '';
  if (target === '') errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(target, child(path, 'path')));
  errs.push(...validateFileMode(item.mode, child(path, 'mode')));
  return errs;
}

export function validateDownwardAPIVolumeFile(file: DownwardAPIVolumeFile, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const target = file.path ?? '';
  if (target === '') errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(target, child(path, 'path')));
  if (file.fieldRef !== undefined) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, child(path, 'fieldRef')));
    if (file.resourceFieldRef !== undefined) {
      errs.push(invalidValue(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    }
  } else if (file.resourceFieldRef !== undefined) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, true, child(path, 'resourceFieldRef')));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateFileMode(file.mode, child(path, 'mode')));
  return errs;
}
