import { describe, expect, it, vi } from 'vitest';
import type { KubeObject, ManagedFieldsEntry } from '../types/meta.ts';
import { FieldSet } from './field-set.ts';
import { capUpdateManagers, computeFieldSet, decodeManagedFields, encodeManagedFields, updateManagedFields } from './managed-fields.ts';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T11:00:00Z';
const UPDATE = { operation: 'Update', kindKey: 'apps/Deployment', apiVersion: 'apps/v1' } as const;

/** What `kubectl create deployment web --image=nginx:1.14 --port=80` sends. */
function createdDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.14', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} }] },
      },
    },
  };
}

function created(): KubeObject {
  const obj = createdDeployment();
  updateManagedFields(undefined, obj, { ...UPDATE, manager: 'kubectl-create', now: T0 });
  obj.metadata.uid = '6f1c1c9e-0000-4000-8000-000000000001';
  obj.metadata.resourceVersion = '100';
  obj.status = { replicas: 1 };
  return obj;
}

function entry(obj: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

describe('computeFieldSet', () => {
  it('lists the fields an object sets, without server-managed metadata and status', () => {
    const obj = { ...created(), metadata: { ...created().metadata, generation: 3, creationTimestamp: T0, annotations: { note: 'x' } } };
    expect(computeFieldSet(obj, 'apps/Deployment')).toEqual({
      'f:metadata': { 'f:annotations': { 'f:note': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:strategy': { 'f:rollingUpdate': { 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
                'f:resources': {},
              },
            },
          },
        },
      },
    });
  });
});

describe('updateManagedFields', () => {
  it('records a create the way kube-apiserver does', () => {
    expect(created().metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      '.': {},
                      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
                    },
                    'f:resources': {},
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('moves changed fields to the writer (kubectl edit of replicas and image)', () => {
    const old = created();
    const edited = structuredClone(old);
    const spec = edited.spec as { replicas: number; template: { spec: { containers: Array<{ image: string }> } } };
    spec.replicas = 3;
    for (const container of spec.template.spec.containers) container.image = 'nginx:1.16';
    updateManagedFields(old, edited, { ...UPDATE, manager: 'kubectl-edit', now: T1 });

    const edit = FieldSet.fromFieldsV1(entry(edited, 'kubectl-edit')?.fieldsV1);
    expect(edit.paths()).toEqual([
      ['f:spec', 'f:replicas'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'],
    ]);
    const create = FieldSet.fromFieldsV1(entry(edited, 'kubectl-create')?.fieldsV1);
    expect(create.has(['f:spec', 'f:replicas'])).toBe(false);
    expect(create.has(['f:spec', 'f:selector'])).toBe(true);
    expect(entry(edited, 'kubectl-create')?.time).toBe(T0);
    expect(entry(edited, 'kubectl-edit')?.time).toBe(T1);
    expect(edited.metadata.managedFields?.map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-edit']);
  });

  it('removing a label takes it from its owner; a no-op write adds no entry', () => {
    const old = created();
    const updated = structuredClone(old);
    updated.metadata.labels = {};
    updated.metadata.resourceVersion = '101';
    updateManagedFields(old, updated, { ...UPDATE, manager: 'kubectl-label', now: T1 });
    expect(entry(updated, 'kubectl-label')).toBeUndefined();
    expect(FieldSet.fromFieldsV1(entry(updated, 'kubectl-create')?.fieldsV1).has(['f:metadata', 'f:labels', 'f:app'])).toBe(false);
  });

  it('tracks a status write under its subresource and ignores status on the main resource', () => {
    const old = created();
    const withStatus = structuredClone(old);
    withStatus.status = { replicas: 1, readyReplicas: 1 };
    updateManagedFields(old, withStatus, { ...UPDATE, manager: 'kube-controller-manager', subresource: 'status', now: T1 });
    expect(entry(withStatus, 'kube-controller-manager')).toMatchObject({ subresource: 'status', fieldsV1: { 'f:status': { 'f:readyReplicas': {} } } });

    const mainWrite = structuredClone(old);
    mainWrite.status = { replicas: 5 };
    updateManagedFields(old, mainWrite, { ...UPDATE, manager: 'kubectl-edit', now: T1 });
    expect(entry(mainWrite, 'kubectl-edit')).toBeUndefined();

    // A spec that differs in a status write (or a status in a main write) is no one's change: its owner keeps it.
    const statusWithSpec = structuredClone(old);
    statusWithSpec.status = { replicas: 2 };
    statusWithSpec.spec = { ...(old.spec as object), replicas: 9 };
    updateManagedFields(old, statusWithSpec, { ...UPDATE, manager: 'kube-controller-manager', subresource: 'status', now: T1 });
    expect(entry(statusWithSpec, 'kube-controller-manager')?.fieldsV1).toEqual({ 'f:status': { 'f:replicas': {} } });
    expect(entry(statusWithSpec, 'kubectl-create')?.fieldsV1).toBe(entry(old, 'kubectl-create')?.fieldsV1);
  });

  it('keeps the stored fieldsV1 of managers a write leaves alone, and of a writer that changed only its own fields', () => {
    const old = created();
    const scaled = structuredClone(old);
    scaled.spec = { ...(old.spec as object), replicas: 3 };
    updateManagedFields(old, scaled, { ...UPDATE, manager: 'kubectl-scale', now: T1 });
    const withStatus = structuredClone(scaled);
    withStatus.status = { replicas: 3, readyReplicas: 1 };
    updateManagedFields(scaled, withStatus, { ...UPDATE, manager: 'kube-controller-manager', subresource: 'status', now: T1 });
    expect(entry(withStatus, 'kubectl-create')?.fieldsV1).toBe(entry(scaled, 'kubectl-create')?.fieldsV1);
    expect(entry(withStatus, 'kubectl-scale')?.fieldsV1).toBe(entry(scaled, 'kubectl-scale')?.fieldsV1);

    const again = structuredClone(withStatus);
    again.status = { replicas: 3, readyReplicas: 2 };
    updateManagedFields(withStatus, again, { ...UPDATE, manager: 'kube-controller-manager', subresource: 'status', now: T1 });
    expect(entry(again, 'kube-controller-manager')?.fieldsV1).toBe(entry(withStatus, 'kube-controller-manager')?.fieldsV1);
    // What is kept is what encoding the decoded sets gives.
    expect(encodeManagedFields(decodeManagedFields(again.metadata.managedFields))).toEqual(again.metadata.managedFields);
  });

  it('decodes the frozen encodings it made by identity, without serialising them, and a copy of one by its text', () => {
    const old = created();
    const encoded = entry(old, 'kubectl-create')?.fieldsV1;
    expect(Object.isFrozen(encoded)).toBe(true);
    const serialise = vi.spyOn(JSON, 'stringify');
    const decoded = decodeManagedFields(old.metadata.managedFields);
    expect(serialise).not.toHaveBeenCalledWith(encoded);
    serialise.mockRestore();
    expect(encodeManagedFields(decoded)[0]?.fieldsV1).toBe(encoded);
    // A copy (what a client sends back) is looked up by its text, and decodes to the same set.
    const copied = decodeManagedFields(structuredClone(old.metadata.managedFields));
    expect(encodeManagedFields(copied)).toEqual(old.metadata.managedFields);
  });

  it('encodes again a stored fieldsV1 that is not in canonical form', () => {
    const old = created();
    const createEntry = old.metadata.managedFields?.[0];
    if (createEntry === undefined) throw new Error('no entry');
    // Keys out of order and a member marker on a leaf: what Kubernetes would never write, but a client may send.
    createEntry.fieldsV1 = { 'f:spec': { 'f:replicas': { '.': {} } }, 'f:metadata': { 'f:labels': { 'f:app': {}, '.': {} } } };
    const updated = structuredClone(old);
    updated.status = { replicas: 1 };
    updateManagedFields(old, updated, { ...UPDATE, manager: 'kube-controller-manager', subresource: 'status', now: T1 });
    expect(entry(updated, 'kubectl-create')?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
    expect(JSON.stringify(entry(updated, 'kubectl-create')?.fieldsV1)).toBe('{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{}}}');
  });

  it.each([
    { name: 'an object that was never tracked stays untracked', managedFields: undefined, liveHasFields: false },
    { name: 'managedFields: [] resets tracking', managedFields: [], liveHasFields: true },
    { name: 'managedFields: [{}] resets tracking', managedFields: [{}], liveHasFields: true },
  ])('$name', ({ managedFields, liveHasFields }) => {
    const old = created();
    if (!liveHasFields) delete old.metadata.managedFields;
    const updated = structuredClone(old);
    updated.metadata.managedFields = managedFields;
    updated.spec = { ...(old.spec as object), replicas: 4 };
    updateManagedFields(old, updated, { ...UPDATE, manager: 'kubectl-edit', now: T1 });
    expect(updated.metadata.managedFields).toBeUndefined();
  });

  it('falls back to the live entries when the client sends broken ones', () => {
    const old = created();
    const updated = structuredClone(old);
    updated.metadata.managedFields = [{ manager: 'x', operation: 'Update', apiVersion: 'apps/v1' }];
    updated.spec = { ...(old.spec as object), replicas: 2 };
    updateManagedFields(old, updated, { ...UPDATE, manager: 'kubectl-scale', now: T1 });
    expect(updated.metadata.managedFields?.map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-scale']);
  });
});

describe('encoding', () => {
  it('puts appliers first, then orders by time and manager', () => {
    const entries: ManagedFieldsEntry[] = [
      { manager: 'b', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } },
      { manager: 'a', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } },
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } },
    ];
    expect(encodeManagedFields(decodeManagedFields(entries)).map((e) => e.manager)).toEqual(['kubectl', 'b', 'a']);
  });

  it.each([
    [{ manager: 'm', operation: 'Patch', apiVersion: 'v1', fieldsType: 'FieldsV1' }, 'operation must be `Apply` or `Update`'],
    [{ manager: 'm', operation: 'Update', fieldsType: 'FieldsV1' }, 'apiVersion must not be empty'],
    [{ manager: 'm', operation: 'Update', apiVersion: 'v1' }, 'missing fieldsType in managed fields entry 0'],
  ])('rejects %j', (bad, message) => {
    expect(() => decodeManagedFields([bad as ManagedFieldsEntry])).toThrow(message);
  });

  it('folds the oldest of more than ten updaters into ancient-changes', () => {
    const entries: ManagedFieldsEntry[] = Array.from({ length: 12 }, (_, i) => ({
      manager: `m${String(i).padStart(2, '0')}`,
      operation: 'Update',
      apiVersion: 'v1',
      time: `2024-05-01T10:00:${String(i).padStart(2, '0')}Z`,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { [`f:k${i}`]: {} } },
    }));
    const managed = decodeManagedFields(entries);
    capUpdateManagers(managed);
    const encoded = encodeManagedFields(managed);
    expect(encoded).toHaveLength(10);
    const ancient = encoded.find((e) => e.manager === 'ancient-changes');
    expect(ancient?.fieldsV1).toEqual({ 'f:data': { 'f:k0': {}, 'f:k1': {}, 'f:k2': {} } });
  });
});
