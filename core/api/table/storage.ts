import type { KubeObject } from '../types/meta.ts';
import { field, strs } from './fields.ts';

/** Helpers shared by the PersistentVolume and PersistentVolumeClaim printers. */

/** Deprecated annotation that still wins over spec.storageClassName when present. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

const ACCESS_MODE_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** "RWO,ROX,RWX,RWOP" in that fixed order, whatever order the modes are listed in. */
export function accessModesString(obj: unknown, ...path: string[]): string {
  const modes = new Set(strs(obj, ...path));
  return ACCESS_MODE_ABBREVIATIONS.filter(([mode]) => modes.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/**
 * resource.Quantity.String() of a storage amount. Stored quantities are already
 * canonical strings; a missing one prints as the zero quantity "0".
 */
export function quantityString(obj: unknown, ...path: string[]): string {
  const value = field(obj, ...path);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '0';
}

/** The beta storage-class annotation when set, else the given spec value. */
export function storageClassOf(obj: KubeObject, specClass: string | undefined): string {
  const annotations = obj.metadata.annotations ?? {};
  if (Object.hasOwn(annotations, BETA_STORAGE_CLASS_ANNOTATION)) {
    return annotations[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
  }
  return specClass ?? '';
}
