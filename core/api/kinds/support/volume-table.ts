import { column } from '../../table/columns.ts';
import { str } from '../../table/fields.ts';
import { storageClassOf } from '../../table/storage.ts';
import type { TableColumnDefinition } from '../../table/table.ts';
import type { KubeObject } from '../../types/meta.ts';

/** Columns and cells that printPersistentVolume and printPersistentVolumeClaim print alike. */

/** STATUS: "Terminating" once deletion has begun, else status.phase. */
export function volumePhase(obj: KubeObject): string {
  return obj.metadata.deletionTimestamp ? 'Terminating' : (str(obj, 'status', 'phase') ?? '');
}

/** STORAGECLASS and VOLUMEATTRIBUTESCLASS, which both printers put side by side; `shortKind` is "pv" or "pvc". */
export function storageClassColumns(shortKind: string): TableColumnDefinition[] {
  return [
    column('StorageClass', 'string', `StorageClass of the ${shortKind}`),
    column('VolumeAttributesClass', 'string', `VolumeAttributesClass of the ${shortKind}`),
  ];
}

export function storageClassCells(obj: KubeObject): [string, string] {
  return [storageClassOf(obj, str(obj, 'spec', 'storageClassName')), str(obj, 'spec', 'volumeAttributesClassName') ?? '<unset>'];
}

/** VOLUMEMODE (a wide column), "<unset>" when the field is absent. */
export function volumeModeCell(obj: KubeObject): string {
  return str(obj, 'spec', 'volumeMode') ?? '<unset>';
}
