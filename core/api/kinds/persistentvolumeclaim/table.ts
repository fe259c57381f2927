import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { str } from '../../table/fields.ts';
import { accessModesString, quantityString } from '../../table/storage.ts';
import type { TableConvertor } from '../../table/table.ts';
import { storageClassCells, storageClassColumns, volumeModeCell, volumePhase } from '../support/volume-table.ts';

/**
 * `kubectl get persistentvolumeclaims`, after printPersistentVolumeClaim.
 * CAPACITY and ACCESS MODES come from status and only once a volume is bound.
 */
export const persistentVolumeClaimTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    ...storageClassColumns('pvc'),
    ageColumn(),
    column('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(pvc, now) {
    const volumeName = str(pvc, 'spec', 'volumeName') ?? '';
    const bound = volumeName !== '';
    return [
      pvc.metadata.name ?? '',
      volumePhase(pvc),
      volumeName,
      bound ? quantityString(pvc, 'status', 'capacity', 'storage') : '',
      bound ? accessModesString(pvc, 'status', 'accessModes') : '',
      ...storageClassCells(pvc),
      translateTimestampSince(pvc.metadata.creationTimestamp, now),
      volumeModeCell(pvc),
    ];
  },
};
