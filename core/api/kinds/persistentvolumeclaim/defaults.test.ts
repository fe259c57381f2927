import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultPersistentVolumeClaim } from './defaults.ts';

function pvc(body: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'task-pv-claim', namespace: 'default' }, ...body };
}

describe('defaultPersistentVolumeClaim', () => {
  it('asks for a filesystem and starts Pending', () => {
    const obj = pvc({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } } } });
    defaultPersistentVolumeClaim(obj);
    expect(obj['spec']).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } }, volumeMode: 'Filesystem' });
    expect(obj['status']).toEqual({ phase: 'Pending' });
  });

  it('keeps a Block claim Bound', () => {
    const obj = pvc({ spec: { volumeMode: 'Block' }, status: { phase: 'Bound' } });
    defaultPersistentVolumeClaim(obj);
    expect(obj).toEqual(pvc({ spec: { volumeMode: 'Block' }, status: { phase: 'Bound' } }));
  });
});
