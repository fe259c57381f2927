import type { KubeObject } from '../../types/meta.ts';
import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { rec, str } from '../../table/fields.ts';
import { accessModesString, quantityString } from '../../table/storage.ts';
import type { TableConvertor } from '../../table/table.ts';
import { storageClassCells, storageClassColumns, volumeModeCell, volumePhase } from '../support/volume-table.ts';

/** `kubectl get persistentvolumes`, after printPersistentVolume. */

/** "namespace/name" of the bound claim, "" when unbound. */
function claim(pv: KubeObject): string {
  const claimRef = rec(pv, 'spec', 'claimRef');
  if (claimRef === undefined) return '';
  return `${str(claimRef, 'namespace') ?? ''}/${str(claimRef, 'name') ?? ''}`;
}

export const persistentVolumeTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Capacity', 'string', "capacity is the description of the persistent volume's resources and capacity."),
    column('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    column('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    ...storageClassColumns('pv'),
    column('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn(),
    column('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells(pv, now) {
    return [
      pv.metadata.name ?? '',
      quantityString(pv, 'spec', 'capacity', 'storage'),
      accessModesString(pv, 'spec', 'accessModes'),
      str(pv, 'spec', 'persistentVolumeReclaimPolicy') ?? '',
      volumePhase(pv),
      claim(pv),
      ...storageClassCells(pv),
      str(pv, 'status', 'reason') ?? '',
      translateTimestampSince(pv.metadata.creationTimestamp, now),
      volumeModeCell(pv),
    ];
  },
};
