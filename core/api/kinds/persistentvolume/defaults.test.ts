import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultPersistentVolume } from './defaults.ts';

function pv(spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'task-pv-volume' }, spec };
  if (status !== undefined) obj['status'] = status;
  return obj;
}

describe('defaultPersistentVolume', () => {
  it('defaults reclaim policy, volume mode, hostPath type and phase', () => {
    const obj = pv({ capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } });
    defaultPersistentVolume(obj);
    expect(obj['spec']).toEqual({
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/mnt/data', type: '' },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(obj['status']).toEqual({ phase: 'Pending' });
  });

  it('keeps explicit choices', () => {
    const obj = pv(
      { persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Block', hostPath: { path: '/dev/sdb', type: 'BlockDevice' } },
      { phase: 'Bound' },
    );
    defaultPersistentVolume(obj);
    expect(obj['spec']).toEqual({ persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Block', hostPath: { path: '/dev/sdb', type: 'BlockDevice' } });
    expect(obj['status']).toEqual({ phase: 'Bound' });
  });

  it.each([
    ['iscsi', { targetPortal: '10.0.2.15:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 }, { iscsiInterface: 'default' }],
    ['rbd', { monitors: ['10.16.154.78:6789'], image: 'foo' }, { pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' }],
    ['scaleIO', { gateway: 'https://localhost:443/api', system: 'scaleio', secretRef: { name: 'sio' } }, { storageMode: 'ThinProvisioned', fsType: 'xfs' }],
  ])('fills %s plugin defaults', (source, given, added) => {
    const obj = pv({ [source]: { ...given } });
    defaultPersistentVolume(obj);
    expect(obj['spec']).toMatchObject({ [source]: { ...given, ...added } });
  });
});
