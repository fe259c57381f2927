import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import type { KubeObject, ManagedFieldsEntry } from '../types/meta.ts';
import { FieldSet } from './field-set.ts';
import { updateManagedFields } from './managed-fields.ts';
import type { ApplyOptions } from './server-side-apply.ts';
import { serverSideApply } from './server-side-apply.ts';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T11:00:00Z';
const T2 = '2024-05-01T12:00:00Z';
const APPLY: Omit<ApplyOptions, 'manager' | 'now'> = { force: false, kindKey: 'apps/Deployment', apiVersion: 'apps/v1' };

type Json = Record<string, unknown>;

/** The manifest of `kubectl apply --server-side -f web.yaml`. */
function manifest(overrides: { replicas?: number; labels?: Record<string, string>; containers?: Json[] } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: overrides.labels ?? { app: 'web' } },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: overrides.containers ?? [{ name: 'nginx', image: 'nginx:1.14', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

/** Stored objects get a uid, as the registry would give them. */
function stored(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, uid: '0b6c3a42-1111-4222-8333-444455556666' } };
}

function apply(live: KubeObject | undefined, applied: KubeObject, manager: string, now: string, force = false): KubeObject {
  return stored(serverSideApply(live, applied, { ...APPLY, manager, now, force }).object);
}

function entry(obj: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

function owns(obj: KubeObject, manager: string, path: string[]): boolean {
  return FieldSet.fromFieldsV1(entry(obj, manager)?.fieldsV1 ?? {}).has(path);
}

function spec(obj: KubeObject): Json {
  return obj.spec as Json;
}

function containers(obj: KubeObject): Json[] {
  return ((spec(obj).template as Json).spec as Json).containers as Json[];
}

function conflictOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a conflict');
}

describe('serverSideApply', () => {
  it('creates an object owned by the applier', () => {
    const created = apply(undefined, manifest(), 'kubectl', T0);
    expect(spec(created).replicas).toBe(2);
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('re-applying the same manifest changes nothing and keeps the time', () => {
    const created = apply(undefined, manifest(), 'kubectl', T0);
    const again = apply(created, manifest(), 'kubectl', T1);
    expect(again).toEqual(created);
  });

  it('conflicts with the client-side-apply manager that owns replicas', () => {
    const csa = manifest({ replicas: 1 });
    updateManagedFields(undefined, csa, { manager: 'kubectl-client-side-apply', operation: 'Update', kindKey: 'apps/Deployment', apiVersion: 'apps/v1', now: T0 });
    const live = stored(csa);
    const error = conflictOf(() => serverSideApply(live, manifest({ replicas: 3 }), { ...APPLY, manager: 'kubectl', now: T1 }));
    expect(error.httpStatus).toBe(409);
    expect(error.code).toBe('Conflict');
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(error.toStatus().details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' },
    ]);
  });

  it('--force-conflicts moves the ownership', () => {
    const csa = manifest({ replicas: 1 });
    updateManagedFields(undefined, csa, { manager: 'kubectl-client-side-apply', operation: 'Update', kindKey: 'apps/Deployment', apiVersion: 'apps/v1', now: T0 });
    const forced = apply(stored(csa), manifest({ replicas: 3 }), 'kubectl', T1, true);
    expect(spec(forced).replicas).toBe(3);
    expect(owns(forced, 'kubectl', ['f:spec', 'f:replicas'])).toBe(true);
    expect(owns(forced, 'kubectl-client-side-apply', ['f:spec', 'f:replicas'])).toBe(false);
    // Fields set to the same value are shared, not taken.
    expect(owns(forced, 'kubectl-client-side-apply', ['f:spec', 'f:selector'])).toBe(true);
    expect(entry(forced, 'kubectl')?.time).toBe(T1);
  });

  it('names an applier without its apiVersion and lists several conflicts', () => {
    const live = apply(undefined, manifest(), 'gitops', T0);
    const error = conflictOf(() =>
      serverSideApply(live, manifest({ replicas: 5, containers: [{ name: 'nginx', image: 'nginx:1.16' }] }), { ...APPLY, manager: 'kubectl', now: T1 }),
    );
    expect(error.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "gitops":\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
    expect(error.causes.map((c) => c.field)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image']);
  });

  it('removes a label the applier no longer applies', () => {
    const first = apply(undefined, manifest({ labels: { app: 'web', tier: 'frontend' } }), 'kubectl', T0);
    const second = apply(first, manifest({ labels: { app: 'web' } }), 'kubectl', T1);
    expect(second.metadata.labels).toEqual({ app: 'web' });
    expect(owns(second, 'kubectl', ['f:metadata', 'f:labels', 'f:tier'])).toBe(false);
  });

  it('keeps a dropped field another manager also owns', () => {
    const first = apply(undefined, manifest({ labels: { app: 'web', tier: 'frontend' } }), 'kubectl', T0);
    const shared = apply(first, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { tier: 'frontend' } } }, 'labeler', T1);
    const second = apply(shared, manifest({ labels: { app: 'web' } }), 'kubectl', T2);
    expect(second.metadata.labels).toEqual({ app: 'web', tier: 'frontend' });
    expect(owns(second, 'labeler', ['f:metadata', 'f:labels', 'f:tier'])).toBe(true);
  });

  it('removes a container the applier dropped and keeps the one it still applies', () => {
    const two = [
      { name: 'nginx', image: 'nginx:1.14' },
      { name: 'sidecar', image: 'busybox' },
    ];
    const first = apply(undefined, manifest({ containers: two }), 'kubectl', T0);
    const second = apply(first, manifest({ containers: [{ name: 'nginx', image: 'nginx:1.14' }] }), 'kubectl', T1);
    expect(containers(second)).toEqual([{ name: 'nginx', image: 'nginx:1.14' }]);
  });

  it('merges with fields other managers set (kubectl scale) without touching them', () => {
    const created = apply(undefined, manifest(), 'kubectl', T0);
    const scaled = structuredClone(created);
    scaled.spec = { ...spec(created), paused: true };
    updateManagedFields(created, scaled, { manager: 'kubectl-patch', operation: 'Update', kindKey: 'apps/Deployment', apiVersion: 'apps/v1', now: T1 });
    const reapplied = apply(scaled, manifest({ containers: [{ name: 'nginx', image: 'nginx:1.16', ports: [{ containerPort: 80 }] }] }), 'kubectl', T2);
    expect(spec(reapplied).paused).toBe(true);
    expect(containers(reapplied)[0]?.image).toBe('nginx:1.16');
    expect(reapplied.metadata.managedFields?.map((e) => [e.manager, e.operation])).toEqual([
      ['kubectl', 'Apply'],
      ['kubectl-patch', 'Update'],
    ]);
  });

  it('gives the fields of an untracked object to before-first-apply', () => {
    const legacy = stored(manifest({ replicas: 1 }));
    const error = conflictOf(() => serverSideApply(legacy, manifest({ replicas: 4 }), { ...APPLY, manager: 'kubectl', now: T1 }));
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });

  it('finalizers are a set: each applier owns its own', () => {
    const cm = (finalizers: string[], data?: Json): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers }, ...(data ? { data } : {}) });
    const options = { force: false, kindKey: '/ConfigMap', apiVersion: 'v1' };
    const first = stored(serverSideApply(undefined, cm(['example.com/a'], { a: '1' }), { ...options, manager: 'one', now: T0 }).object);
    const second = stored(serverSideApply(first, cm(['example.com/b']), { ...options, manager: 'two', now: T1 }).object);
    expect(second.metadata.finalizers).toEqual(['example.com/a', 'example.com/b']);
    expect(entry(second, 'two')?.fieldsV1).toEqual({ 'f:metadata': { 'f:finalizers': { 'v:"example.com/b"': {} } } });
    const dropped = serverSideApply(second, cm([]), { ...options, manager: 'two', now: T2 }).object;
    expect(dropped.metadata.finalizers).toEqual(['example.com/a']);
    expect(dropped.data).toEqual({ a: '1' });
  });

  it('keeps kubectl\'s last-applied annotation in step when it exists', () => {
    const annotated = manifest();
    annotated.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}' };
    const live = apply(undefined, annotated, 'kubectl-client', T0);
    const result = apply(live, manifest({ replicas: 2 }), 'kubectl', T1);
    const lastApplied = JSON.parse(result.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}');
    expect(lastApplied).toEqual(manifest({ replicas: 2 }));
  });

  it.each([
    { name: 'managedFields in the manifest', applied: { ...manifest(), metadata: { name: 'web', managedFields: [] } }, message: 'metadata.managedFields must be nil' },
    {
      name: 'another version',
      applied: { ...manifest(), apiVersion: 'apps/v1beta1' },
      message: 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
    },
  ])('rejects $name with 400', ({ applied, message }) => {
    const error = conflictOf(() => serverSideApply(undefined, applied, { ...APPLY, manager: 'kubectl', now: T0 }));
    expect(error.httpStatus).toBe(400);
    expect(error.message).toBe(message);
  });

  it('never mutates the live object or the manifest', () => {
    const live = apply(undefined, manifest(), 'gitops', T0);
    const applied = manifest({ replicas: 7, labels: { app: 'web', extra: 'x' } });
    const liveBefore = structuredClone(live);
    const appliedBefore = structuredClone(applied);
    serverSideApply(live, applied, { ...APPLY, manager: 'kubectl', now: T1, force: true });
    expect(live).toEqual(liveBefore);
    expect(applied).toEqual(appliedBefore);
  });

  it('keys Service ports by port and the defaulted protocol', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    const created = serverSideApply(undefined, svc, { force: false, kindKey: '/Service', apiVersion: 'v1', manager: 'kubectl', now: T0 }).object;
    expect(entry(created, 'kubectl')?.fieldsV1).toEqual({
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } } },
    });
  });

  it('treats a custom resource\'s lists as atomic', () => {
    const cr = (items: Json[]): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { items } });
    const options = { force: false, kindKey: 'example.com/Widget', apiVersion: 'example.com/v1' };
    const live = stored(serverSideApply(undefined, cr([{ name: 'a' }]), { ...options, manager: 'one', now: T0 }).object);
    expect(entry(live, 'one')?.fieldsV1).toEqual({ 'f:spec': { 'f:items': {} } });
    const error = conflictOf(() => serverSideApply(live, cr([{ name: 'b' }]), { ...options, manager: 'two', now: T1 }));
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "one": .spec.items');
  });

  it('rejects duplicate container names', () => {
    const applied = manifest({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] });
    expect(() => serverSideApply(undefined, applied, { ...APPLY, manager: 'kubectl', now: T0 })).toThrow('duplicate entries for key [name="a"]');
  });
});
