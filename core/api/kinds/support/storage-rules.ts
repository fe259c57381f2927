import type { FieldError } from '../../errors.ts';
import { forbidden, notSupported, required } from '../../validation/field-errors.ts';

/** Rules that PersistentVolumes and PersistentVolumeClaims share. */

/** Sorted, as sets.List prints them. */
export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

/** At least one known mode; ReadWriteOncePod excludes every other mode. */
export function validateAccessModes(modes: readonly string[], path: string, requiredDetail = ''): FieldError[] {
  const errs: FieldError[] = [];
  if (modes.length === 0) errs.push(required(path, requiredDetail));
  let readWriteOncePod = false;
  let others = false;
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode)) {
      errs.push(notSupported(path, mode, ACCESS_MODES));
      continue;
    }
    if (mode === 'ReadWriteOncePod') readWriteOncePod = true;
    else others = true;
  }
  if (readWriteOncePod && others) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export function validateVolumeMode(mode: string | undefined, path: string): FieldError[] {
  return mode === undefined || VOLUME_MODES.includes(mode) ? [] : [notSupported(path, mode, VOLUME_MODES)];
}
