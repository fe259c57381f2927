import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultPersistentVolume } from './defaults.ts';
import { cleanPath, validatePersistentVolume, validatePersistentVolumeUpdate } from './validation.ts';

function pv(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'task-pv-volume', ...meta }, spec: structuredClone(spec) };
}

/** From "Configure a Pod to Use a PersistentVolume for Storage". */
const taskVolume = {
  storageClassName: 'manual',
  capacity: { storage: '10Gi' },
  accessModes: ['ReadWriteOnce'],
  hostPath: { path: '/mnt/data' },
};

/** From the "Persistent Volumes" concept page. */
const nfsVolume = {
  capacity: { storage: '5Gi' },
  volumeMode: 'Filesystem',
  accessModes: ['ReadWriteOnce'],
  persistentVolumeReclaimPolicy: 'Recycle',
  storageClassName: 'slow',
  mountOptions: ['hard', 'nfsvers=4.1'],
  nfs: { path: '/tmp', server: '172.17.0.2' },
};

/** From the "Volumes" page: a local volume pinned to its node. */
const localVolume = {
  capacity: { storage: '100Gi' },
  volumeMode: 'Filesystem',
  accessModes: ['ReadWriteOnce'],
  persistentVolumeReclaimPolicy: 'Delete',
  storageClassName: 'local-storage',
  local: { path: '/mnt/disks/ssd1' },
  nodeAffinity: {
    required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['example-node'] }] }] },
  },
};

const csiVolume = {
  capacity: { storage: '1Gi' },
  accessModes: ['ReadWriteOncePod'],
  csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc', fsType: 'ext4', nodePublishSecretRef: { name: 'creds', namespace: 'kube-system' } },
};

describe('validatePersistentVolume', () => {
  it.each([
    ['the hostPath task volume', taskVolume],
    ['the NFS volume', nfsVolume],
    ['a local volume', localVolume],
    ['a CSI volume', csiVolume],
    ['a block volume', { ...csiVolume, volumeMode: 'Block' }],
    ['a flexVolume next to another source', { ...taskVolume, flexVolume: { driver: 'kubernetes.io/lvm' } }],
  ])('accepts %s', (_, spec) => {
    const obj = pv(spec);
    defaultPersistentVolume(obj);
    expect(validatePersistentVolume(obj)).toEqual([]);
  });

  it.each([
    ['a namespaced volume', pv(taskVolume, { namespace: 'default' }), 'FieldValueForbidden', 'metadata.namespace'],
    ['no access modes', pv({ ...taskVolume, accessModes: [] }), 'FieldValueRequired', 'spec.accessModes'],
    ['an unknown access mode', pv({ ...taskVolume, accessModes: ['ReadWriteAll'] }), 'FieldValueNotSupported', 'spec.accessModes'],
    ['ReadWriteOncePod with another mode', pv({ ...taskVolume, accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }), 'FieldValueForbidden', 'spec.accessModes'],
    ['a zero capacity', pv({ ...taskVolume, capacity: { storage: '0' } }), 'FieldValueInvalid', 'spec.capacity[storage]'],
    ['a malformed capacity', pv({ ...taskVolume, capacity: { storage: 'ten gigs' } }), 'FieldValueInvalid', 'spec.capacity[storage]'],
    ['a capacity other than storage', pv({ ...taskVolume, capacity: { storage: '1Gi', cpu: '1' } }), 'FieldValueNotSupported', 'spec.capacity'],
    ['an unknown reclaim policy', pv({ ...taskVolume, persistentVolumeReclaimPolicy: 'Keep' }), 'FieldValueNotSupported', 'spec.persistentVolumeReclaimPolicy'],
    ['an unknown volume mode', pv({ ...taskVolume, volumeMode: 'Raw' }), 'FieldValueNotSupported', 'spec.volumeMode'],
    ['no volume source', pv({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] }), 'FieldValueRequired', 'spec'],
    ['two volume sources', pv({ ...taskVolume, nfs: nfsVolume.nfs }), 'FieldValueForbidden', 'spec.nfs'],
    ['a hostPath without path', pv({ ...taskVolume, hostPath: {} }), 'FieldValueRequired', 'spec.hostPath.path'],
    ['a hostPath with backsteps', pv({ ...taskVolume, hostPath: { path: '/mnt/../etc' } }), 'FieldValueInvalid', 'spec.hostPath.path'],
    ['an unknown hostPath type', pv({ ...taskVolume, hostPath: { path: '/mnt', type: 'Folder' } }), 'FieldValueNotSupported', 'spec.hostPath.type'],
    ['recycling the root directory', pv({ ...taskVolume, hostPath: { path: '/' }, persistentVolumeReclaimPolicy: 'Recycle' }), 'FieldValueForbidden', 'spec.persistentVolumeReclaimPolicy'],
    ['a relative NFS path', pv({ ...nfsVolume, nfs: { server: 'nfs', path: 'exports' } }), 'FieldValueInvalid', 'spec.nfs.path'],
    ['a local volume without node affinity', pv({ ...localVolume, nodeAffinity: undefined }), 'FieldValueRequired', 'spec.nodeAffinity'],
    [
      'an affinity without terms',
      pv({ ...localVolume, nodeAffinity: { required: { nodeSelectorTerms: [] } } }),
      'FieldValueRequired',
      'spec.nodeAffinity.required.nodeSelectorTerms',
    ],
    ['a CSI volume without handle', pv({ ...csiVolume, csi: { driver: 'ebs.csi.aws.com' } }), 'FieldValueRequired', 'spec.csi.volumeHandle'],
    [
      'a secret ref without namespace',
      pv({ ...csiVolume, csi: { ...csiVolume.csi, nodePublishSecretRef: { name: 'creds' } } }),
      'FieldValueRequired',
      'spec.csi.nodePublishSecretRef.namespace',
    ],
    ['a bad storage class', pv({ ...taskVolume, storageClassName: 'Fast_SSD' }), 'FieldValueInvalid', 'spec.storageClassName'],
    ['access modes as text', pv({ ...taskVolume, accessModes: 'ReadWriteOnce' }), 'FieldValueTypeInvalid', 'spec.accessModes'],
    ['an NFS server as a number', pv({ ...nfsVolume, nfs: { path: '/tmp', server: 172 } }), 'FieldValueTypeInvalid', 'spec.nfs.server'],
  ])('rejects %s', (_, obj, type, field) => {
    defaultPersistentVolume(obj);
    expect(summary(validatePersistentVolume(obj))).toEqual([[type, field]]);
  });

  it('requires a capacity', () => {
    const obj = pv({ accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt' } });
    expect(summary(validatePersistentVolume(obj))).toEqual([
      ['FieldValueRequired', 'spec.capacity'],
      ['FieldValueNotSupported', 'spec.capacity'],
    ]);
  });

  it('words the second source as Kubernetes does', () => {
    const [err] = validatePersistentVolume(pv({ ...taskVolume, nfs: nfsVolume.nfs }));
    expect(err?.message).toBe('Forbidden: may not specify more than 1 volume type');
  });
});

describe('validatePersistentVolumeUpdate', () => {
  const meta = { resourceVersion: '12', uid: 'u' };
  const stored = pv(localVolume, meta);
  defaultPersistentVolume(stored);

  function updated(spec: Record<string, unknown>): KubeObject {
    const obj = pv(spec, meta);
    defaultPersistentVolume(obj);
    return obj;
  }

  it('accepts a new reclaim policy, class and claimRef', () => {
    const next = updated({ ...localVolume, persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' } });
    expect(validatePersistentVolumeUpdate(next, stored)).toEqual([]);
  });

  it('lets a CSI volume gain an expand secret', () => {
    const csiStored = updated(csiVolume);
    const next = updated({ ...csiVolume, csi: { ...csiVolume.csi, controllerExpandSecretRef: { name: 'x', namespace: 'kube-system' } } });
    expect(validatePersistentVolumeUpdate(next, csiStored)).toEqual([]);
  });

  it.each([
    ['a new path', { ...localVolume, local: { path: '/mnt/disks/ssd2' } }, 'FieldValueForbidden', 'spec.persistentvolumesource'],
    ['a new volume mode', { ...localVolume, volumeMode: 'Block' }, 'FieldValueInvalid', 'volumeMode'],
    [
      'a new node affinity',
      { ...localVolume, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['other'] }] }] } } },
      'FieldValueInvalid',
      'nodeAffinity',
    ],
  ])('refuses %s', (_, spec, type, field) => {
    expect(summary(validatePersistentVolumeUpdate(updated(spec), stored))).toEqual([[type, field]]);
  });
});

describe('cleanPath', () => {
  it.each([
    ['/', '/'],
    ['/mnt/..', '/'],
    ['//mnt/./data/', '/mnt/data'],
    ['/../..', '/'],
    ['a/../..', '..'],
  ])('cleans %s to %s', (input, output) => {
    expect(cleanPath(input)).toBe(output);
  });
});
