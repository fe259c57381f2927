import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultPersistentVolumeClaim } from './defaults.ts';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from './validation.ts';

function pvc(spec: Record<string, unknown>, extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'task-pv-claim', namespace: 'default', ...meta },
    spec: structuredClone(spec),
    ...structuredClone(extra),
  };
  defaultPersistentVolumeClaim(obj);
  return obj;
}

/** From "Configure a Pod to Use a PersistentVolume for Storage". */
const taskClaim = { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } } };

/** From the "Persistent Volumes" concept page. */
const selectorClaim = {
  accessModes: ['ReadWriteOnce'],
  volumeMode: 'Filesystem',
  resources: { requests: { storage: '8Gi' } },
  storageClassName: 'slow',
  selector: { matchLabels: { release: 'stable' }, matchExpressions: [{ key: 'environment', operator: 'In', values: ['dev'] }] },
};

/** A claim cloned from a snapshot (the "Volume Snapshots" page). */
const restoredClaim = {
  storageClassName: 'csi-hostpath-sc',
  dataSource: { name: 'new-snapshot-test', kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io' },
  accessModes: ['ReadWriteOnce'],
  resources: { requests: { storage: '10Gi' } },
};

describe('validatePersistentVolumeClaim', () => {
  it.each([
    ['the task claim', taskClaim],
    ['a selector claim', selectorClaim],
    ['a restored claim', restoredClaim],
    ['a clone of another claim', { ...taskClaim, dataSource: { kind: 'PersistentVolumeClaim', name: 'src' } }],
    ['a numeric storage request', { ...taskClaim, resources: { requests: { storage: 1073741824 } } }],
  ])('accepts %s', (_, spec) => {
    expect(validatePersistentVolumeClaim(pvc(spec))).toEqual([]);
  });

  it.each([
    ['no access modes', { ...taskClaim, accessModes: undefined }, 'FieldValueRequired', 'spec.accessModes'],
    ['an unknown access mode', { ...taskClaim, accessModes: ['RWO'] }, 'FieldValueNotSupported', 'spec.accessModes'],
    ['no storage request', { ...taskClaim, resources: { requests: { cpu: '1' } } }, 'FieldValueRequired', 'spec.resources[storage]'],
    ['no resources at all', { accessModes: ['ReadWriteOnce'] }, 'FieldValueRequired', 'spec.resources[storage]'],
    ['a zero storage request', { ...taskClaim, resources: { requests: { storage: '0Gi' } } }, 'FieldValueInvalid', 'spec.resources[storage]'],
    ['a malformed storage request', { ...taskClaim, resources: { requests: { storage: '3 GB' } } }, 'FieldValueInvalid', 'spec.resources[storage]'],
    ['a bad storage class', { ...taskClaim, storageClassName: 'Manual' }, 'FieldValueInvalid', 'spec.storageClassName'],
    ['an unknown volume mode', { ...taskClaim, volumeMode: 'Raw' }, 'FieldValueNotSupported', 'spec.volumeMode'],
    ['a bad selector operator', { ...taskClaim, selector: { matchExpressions: [{ key: 'a', operator: 'Is' }] } }, 'FieldValueInvalid', 'spec.selector.matchExpressions[0].operator'],
    ['a core-group data source that is no claim', { ...taskClaim, dataSource: { kind: 'Secret', name: 'x' } }, 'FieldValueInvalid', 'spec.dataSource'],
    ['a data source without name', { ...restoredClaim, dataSource: { kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io' } }, 'FieldValueRequired', 'spec.dataSource.name'],
    [
      'dataSource differing from dataSourceRef',
      { ...restoredClaim, dataSourceRef: { name: 'other', kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io' } },
      'FieldValueInvalid',
      'spec',
    ],
    ['a storage request as a list', { ...taskClaim, resources: { requests: { storage: ['3Gi'] } } }, 'FieldValueTypeInvalid', 'spec.resources.requests[storage]'],
    ['access modes as text', { ...taskClaim, accessModes: 'ReadWriteOnce' }, 'FieldValueTypeInvalid', 'spec.accessModes'],
  ])('rejects %s', (_, spec, type, field) => {
    expect(summary(validatePersistentVolumeClaim(pvc(spec)))).toEqual([[type, field]]);
  });

  it('words the missing access mode as Kubernetes does', () => {
    const [err] = validatePersistentVolumeClaim(pvc({ resources: { requests: { storage: '1Gi' } } }));
    expect(err?.message).toBe('Required value: at least 1 access mode is required');
  });
});

describe('validatePersistentVolumeClaimUpdate', () => {
  const meta = { resourceVersion: '5', uid: 'u' };
  const pending = pvc(taskClaim, {}, meta);
  const bound = pvc({ ...taskClaim, volumeName: 'task-pv-volume' }, { status: { phase: 'Bound', capacity: { storage: '3Gi' } } }, meta);

  it('lets the binder set volumeName once', () => {
    expect(validatePersistentVolumeClaimUpdate(pvc({ ...taskClaim, volumeName: 'task-pv-volume' }, {}, meta), pending)).toEqual([]);
  });

  it('lets a bound claim grow', () => {
    const next = pvc({ ...taskClaim, volumeName: 'task-pv-volume', resources: { requests: { storage: '5Gi' } } }, { status: { phase: 'Bound' } }, meta);
    expect(validatePersistentVolumeClaimUpdate(next, bound)).toEqual([]);
  });

  it('treats an equal amount written differently as no change', () => {
    const next = pvc({ ...taskClaim, resources: { requests: { storage: '3072Mi' } } }, {}, meta);
    expect(validatePersistentVolumeClaimUpdate(next, pending)).toEqual([]);
  });

  it('lets a claim without class be given one', () => {
    const classless = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, {}, meta);
    const next = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' }, {}, meta);
    expect(validatePersistentVolumeClaimUpdate(next, classless)).toEqual([]);
  });

  it('lets the beta annotation move into storageClassName', () => {
    const annotated = { annotations: { 'volume.beta.kubernetes.io/storage-class': 'gold' }, ...meta };
    const old = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, {}, annotated);
    const next = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'gold' }, {}, annotated);
    expect(validatePersistentVolumeClaimUpdate(next, old)).toEqual([]);
  });

  it.each([
    ['a pending claim resized', pvc({ ...taskClaim, resources: { requests: { storage: '5Gi' } } }, {}, meta), pending],
    ['new access modes', pvc({ ...taskClaim, accessModes: ['ReadWriteMany'] }, {}, meta), pending],
    ['a new storage class', pvc({ ...taskClaim, storageClassName: 'fast' }, {}, meta), pending],
    ['a new volumeName', pvc({ ...taskClaim, volumeName: 'other' }, { status: { phase: 'Bound' } }, meta), bound],
  ])('refuses %s', (_, next, stored) => {
    const errs = validatePersistentVolumeClaimUpdate(next, stored);
    expect(summary(errs)).toEqual([['FieldValueForbidden', 'spec']]);
    expect(errs[0]?.message).toBe(
      'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    );
  });

  it('refuses shrinking a bound claim below its capacity', () => {
    const next = pvc({ ...taskClaim, volumeName: 'task-pv-volume', resources: { requests: { storage: '2Gi' } } }, { status: { phase: 'Bound' } }, meta);
    expect(summary(validatePersistentVolumeClaimUpdate(next, bound))).toEqual([['FieldValueForbidden', 'spec.resources.requests.storage']]);
  });

  it('refuses a new volume mode', () => {
    const next = pvc({ ...taskClaim, volumeMode: 'Block' }, {}, meta);
    expect(summary(validatePersistentVolumeClaimUpdate(next, pending))).toEqual([
      ['FieldValueForbidden', 'spec'],
      ['FieldValueInvalid', 'volumeMode'],
    ]);
  });
});
