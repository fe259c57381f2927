import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types/meta.ts';
import { fieldsChangedFrom } from './create-fields.ts';
import { createBaseline, encodeManagedFields, recordUpdate, updateManagedFields, type ManagedFields } from './managed-fields.ts';
import { rootSchema } from './patch-strategy.ts';
import { compareObjects } from './typed-compare.ts';

const NOW = '2026-11-26T10:00:00Z';

const container = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'nginx', ...extra });

/** Bodies a create may bring, with the kind key they are created as. */
const BODIES: [string, string, KubeObject][] = [
  ['a ConfigMap', '/ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b', labels: { app: 'x' }, annotations: {} }, data: { k: 'v', e: '' } }],
  ['an empty ConfigMap', '/ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b', uid: 'u', generation: 1 } }],
  [
    'a Deployment',
    'apps/Deployment',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a', 'b'] },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container('c', { ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} })] } },
      },
      status: { replicas: 3 },
    },
  ],
  [
    'a Pod with nulls, undefined members and duplicate items',
    '/Pod',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', uid: 'u1', name: 'x' }, { apiVersion: 'v1', kind: 'Pod', uid: 'u1', name: 'y' }], labels: undefined },
      spec: { containers: [container('c'), container('c', { image: 'other' }), container('d', { env: null, args: ['a'] })], nodeSelector: null, volumes: [] },
      status: { phase: 'Pending' },
    },
  ],
  ['a Pod without containers', '/Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: null } }],
  ['a Pod whose spec is a string', '/Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: 'odd' }],
  ['a Service with keyed ports', '/Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }, { port: 80, protocol: 'UDP' }], selector: { a: 'b' } } }],
  ['a CronJob', 'batch/CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [container('c')] } } } } } }],
  ['a custom resource', 'example.com/Widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { list: [1, 2], nested: { deep: { x: true } } } }],
  ['only server-managed metadata', '/ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b', creationTimestamp: NOW } }],
];

describe('fieldsChangedFrom', () => {
  it.each(BODIES)('gives what compareObjects calls added or modified, for %s', (_, kindKey, obj) => {
    const baseline = createBaseline(kindKey);
    const diff = compareObjects(baseline, obj, rootSchema(kindKey));
    expect(fieldsChangedFrom(baseline, obj, rootSchema(kindKey)).toFieldsV1()).toEqual(diff.added.union(diff.modified).toFieldsV1());
  });

  it('throws where compareObjects throws: a keyed item without its key', () => {
    const pod = { metadata: { name: 'p' }, spec: { containers: [{ image: 'nginx' }] } };
    expect(() => compareObjects(createBaseline('/Pod'), pod, rootSchema('/Pod'))).toThrow();
    expect(() => fieldsChangedFrom(createBaseline('/Pod'), pod, rootSchema('/Pod'))).toThrow();
  });
});

describe('updateManagedFields on a create', () => {
  it.each(BODIES)('records exactly what the general update path records, for %s', (_, kindKey, obj) => {
    const opts = { manager: 'kubectl', operation: 'Update', kindKey, apiVersion: 'v1', now: NOW } as const;
    const fast = structuredClone(obj);
    updateManagedFields(undefined, fast, opts);
    const managed: ManagedFields = new Map();
    recordUpdate(managed, createBaseline(kindKey), structuredClone(obj), opts);
    const general = encodeManagedFields(managed);
    expect(fast.metadata.managedFields).toEqual(general.length > 0 ? general : undefined);
    expect('managedFields' in fast.metadata).toBe(general.length > 0);
  });

  it('owns every field of a ConfigMap create, data with its "." marker', () => {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b', labels: { app: 'x' } }, data: { k: 'v' } };
    updateManagedFields(undefined, obj, { manager: 'kubectl-create', operation: 'Update', kindKey: '/ConfigMap', apiVersion: 'v1', now: NOW });
    expect(obj.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: NOW,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
      },
    ]);
  });

  it('drops managedFields when a keyed item cannot be named, as the general path does', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'nginx' }] } };
    updateManagedFields(undefined, pod, { manager: 'm', operation: 'Update', kindKey: '/Pod', apiVersion: 'v1', now: NOW });
    expect(pod.metadata.managedFields).toBeUndefined();
  });
});
