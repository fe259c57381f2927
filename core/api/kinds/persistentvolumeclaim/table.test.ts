import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { persistentVolumeClaimTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function pvc(metadata: Partial<KubeObject['metadata']>, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'apps', creationTimestamp: '2024-06-01T11:45:00Z', ...metadata },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, ...spec },
    status,
  };
}

describe('persistentVolumeClaimTable', () => {
  it('has printPersistentVolumeClaim columns', () => {
    expect(persistentVolumeClaimTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Status', 0],
      ['Volume', 0],
      ['Capacity', 0],
      ['Access Modes', 0],
      ['StorageClass', 0],
      ['VolumeAttributesClass', 0],
      ['Age', 0],
      ['VolumeMode', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'pending: no capacity or modes before binding',
      pvc({}, { storageClassName: 'standard', volumeMode: 'Filesystem' }, { phase: 'Pending' }),
      ['data', 'Pending', '', '', '', 'standard', '<unset>', '15m', 'Filesystem'],
    ],
    [
      'bound: capacity and modes from status',
      pvc(
        {},
        { storageClassName: 'standard', volumeName: 'pvc-1234', volumeMode: 'Filesystem', volumeAttributesClassName: 'silver' },
        { phase: 'Bound', capacity: { storage: '8Gi' }, accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'] },
      ),
      ['data', 'Bound', 'pvc-1234', '8Gi', 'RWO,RWOP', 'standard', 'silver', '15m', 'Filesystem'],
    ],
    [
      'terminating with beta class annotation, no storage class',
      pvc(
        { deletionTimestamp: '2024-06-01T11:59:00Z', annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } },
        {},
        { phase: 'Bound' },
      ),
      ['data', 'Terminating', '', '', '', 'old', '<unset>', '15m', '<unset>'],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(persistentVolumeClaimTable.cells(obj, now)).toEqual(cells);
  });
});
