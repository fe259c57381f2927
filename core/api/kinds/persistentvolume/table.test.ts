import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { persistentVolumeTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function pv(metadata: Partial<KubeObject['metadata']>, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-data', creationTimestamp: '2024-06-01T06:00:00Z', ...metadata },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', ...spec },
    status,
  };
}

describe('persistentVolumeTable', () => {
  it('has printPersistentVolume columns', () => {
    expect(persistentVolumeTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Capacity', 0],
      ['Access Modes', 0],
      ['Reclaim Policy', 0],
      ['Status', 0],
      ['Claim', 0],
      ['StorageClass', 0],
      ['VolumeAttributesClass', 0],
      ['Reason', 0],
      ['Age', 0],
      ['VolumeMode', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'available',
      pv({}, { storageClassName: 'standard', volumeMode: 'Filesystem' }, { phase: 'Available' }),
      ['pv-data', '10Gi', 'RWO', 'Retain', 'Available', '', 'standard', '<unset>', '', '6h', 'Filesystem'],
    ],
    [
      'bound with several modes and attributes class',
      pv(
        {},
        {
          accessModes: ['ReadWriteMany', 'ReadOnlyMany'],
          claimRef: { kind: 'PersistentVolumeClaim', namespace: 'apps', name: 'data' },
          storageClassName: 'nfs',
          volumeAttributesClassName: 'gold',
          volumeMode: 'Block',
        },
        { phase: 'Bound' },
      ),
      ['pv-data', '10Gi', 'ROX,RWX', 'Retain', 'Bound', 'apps/data', 'nfs', 'gold', '', '6h', 'Block'],
    ],
    [
      'failed, beta class annotation wins',
      pv(
        { annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } },
        { storageClassName: 'standard', persistentVolumeReclaimPolicy: 'Recycle' },
        { phase: 'Failed', reason: 'RecyclerFailed' },
      ),
      ['pv-data', '10Gi', 'RWO', 'Recycle', 'Failed', '', 'legacy', '<unset>', 'RecyclerFailed', '6h', '<unset>'],
    ],
    [
      'terminating, no capacity',
      pv({ deletionTimestamp: '2024-06-01T11:00:00Z' }, { capacity: {} }, { phase: 'Released' }),
      ['pv-data', '0', 'RWO', 'Retain', 'Terminating', '', '', '<unset>', '', '6h', '<unset>'],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(persistentVolumeTable.cells(obj, now)).toEqual(cells);
  });
});
