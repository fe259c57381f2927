import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { str } from '../../table/fields.ts';
import { accessModesString, quantityString, storageClassOf } from '../../table/storage.ts';
import type { TableConvertor } from '../../table/table.ts';

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
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(pvc, now) {
    const phase = pvc.metadata.deletionTimestamp ? 'Terminating' : (str(pvc, 'status', 'phase') ?? '');
    const volumeName = str(pvc, 'spec', 'volumeName') ?? '';
    const bound = volumeName !== '';
    return [
      pvc.metadata.name ?? '',
      phase,
      volumeName,
      bound ? quantityString(pvc, 'status', 'capacity', 'storage') : '',
      bound ? accessModesString(pvc, 'status', 'accessModes') : '',
      storageClassOf(pvc, str(pvc, 'spec', 'storageClassName')),
      str(pvc, 'spec', 'volumeAttributesClassName') ?? '<unset>',
      translateTimestampSince(pvc.metadata.creationTimestamp, now),
      str(pvc, 'spec', 'volumeMode') ?? '<unset>',
    ];
  },
};
