import { describe, expect, it } from 'vitest';
import type { FieldError } from '../errors.ts';
import { isDNS1123Label, isDNS1123Subdomain } from './names.ts';
import { validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const namespaced = { namespaced: true, validateName: isDNS1123Subdomain };
const clusterScoped = { namespaced: false, validateName: isDNS1123Subdomain };

const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const invalid = (field: string, message: string): FieldError => ({ type: 'FieldValueInvalid', field, message });
const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1' };

describe('validateObjectMeta', () => {
  it.each<[string, unknown, FieldError[]]>([
    ['a valid object', { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'example.com/Note': 'x' } }, []],
    [
      'no name nor generateName',
      { namespace: 'default' },
      [{ type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }],
    ],
    [
      'missing metadata entirely',
      undefined,
      [
        { type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
        { type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' },
      ],
    ],
    ['generateName alone, with its trailing dash', { generateName: 'web-', namespace: 'default' }, []],
    ['generateName with an invalid prefix', { generateName: 'Web-', namespace: 'default' }, [invalid('metadata.generateName', `Invalid value: "Web-": ${DNS1123_SUBDOMAIN_MSG}`)]],
    ['an invalid name', { name: 'Web', namespace: 'default' }, [invalid('metadata.name', `Invalid value: "Web": ${DNS1123_SUBDOMAIN_MSG}`)]],
    ['no namespace', { name: 'web' }, [{ type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' }]],
    ['a namespace with dots', { name: 'web', namespace: 'a.b' }, [invalid('metadata.namespace', 'Invalid value: "a.b": must not contain dots')]],
    ['negative generation', { name: 'web', namespace: 'default', generation: -1 }, [invalid('metadata.generation', 'Invalid value: -1: must be greater than or equal to 0')]],
    ['a 63-byte label value', { name: 'web', namespace: 'default', labels: { app: 'a'.repeat(63) } }, []],
    [
      'a 64-byte label value',
      { name: 'web', namespace: 'default', labels: { app: 'a'.repeat(64) } },
      [invalid('metadata.labels', `Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes`)],
    ],
    [
      'a bad label key and value',
      { name: 'web', namespace: 'default', labels: { 'bad key': 'bad value' } },
      [invalid('metadata.labels', `Invalid value: "bad key": ${NAME_PART_MSG}`), invalid('metadata.labels', `Invalid value: "bad value": ${LABEL_VALUE_MSG}`)],
    ],
    ['a bad annotation key', { name: 'web', namespace: 'default', annotations: { '-x': 'y' } }, [invalid('metadata.annotations', `Invalid value: "-x": ${NAME_PART_MSG}`)]],
    [
      'owner references without identity',
      { name: 'web', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/', kind: '', name: '', uid: '' }] },
      [
        invalid('metadata.ownerReferences.apiVersion', 'Invalid value: "apps/": version must not be empty'),
        invalid('metadata.ownerReferences.kind', 'Invalid value: "": must not be empty'),
        invalid('metadata.ownerReferences.name', 'Invalid value: "": must not be empty'),
        invalid('metadata.ownerReferences.uid', 'Invalid value: "": must not be empty'),
      ],
    ],
    ['one controller owner', { name: 'web', namespace: 'default', ownerReferences: [{ ...owner, controller: true }, { ...owner, name: 'x' }] }, []],
    ['finalizers that are qualified names', { name: 'web', namespace: 'default', finalizers: ['kubernetes.io/pvc-protection', 'orphan'] }, []],
    ['a bad finalizer', { name: 'web', namespace: 'default', finalizers: ['a/b/c'] }, [expect.objectContaining({ field: 'metadata.finalizers', type: 'FieldValueInvalid' }) as FieldError]],
    [
      'orphan with foregroundDeletion',
      { name: 'web', namespace: 'default', finalizers: ['orphan', 'foregroundDeletion'] },
      [invalid('metadata.finalizers', 'Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set')],
    ],
    [
      'a managed fields entry with a bad operation',
      { name: 'web', namespace: 'default', managedFields: [{ manager: 'kubectl', operation: 'Patch' }] },
      [invalid('metadata.managedFields[0].operation', 'Invalid value: "Patch": must be `Apply` or `Update`')],
    ],
    [
      'fields of the wrong JSON type',
      { name: 5, namespace: 'default', generation: 'one' },
      [
        { type: 'FieldValueTypeInvalid', field: 'metadata.name', message: 'Invalid value: 5: must be of type string' },
        { type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
        { type: 'FieldValueTypeInvalid', field: 'metadata.generation', message: 'Invalid value: "one": must be of type integer' },
      ],
    ],
  ])('%s', (_name, meta, expected) => {
    expect(validateObjectMeta(meta, namespaced)).toEqual(expected);
  });

  it('forbids a namespace on cluster-scoped kinds', () => {
    expect(validateObjectMeta({ name: 'node-1', namespace: 'default' }, clusterScoped)).toEqual([
      { type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' },
    ]);
    expect(validateObjectMeta({ name: 'node-1' }, clusterScoped)).toEqual([]);
  });

  it('uses the kind name rule and the given path', () => {
    expect(validateObjectMeta({ name: 'a.b', namespace: 'ns' }, { namespaced: true, validateName: isDNS1123Label }, 'spec.template.metadata')).toEqual([
      invalid('spec.template.metadata.name', 'Invalid value: "a.b": must not contain dots'),
    ]);
  });

  it('reports two controller owners', () => {
    const refs = [
      { ...owner, controller: true },
      { ...owner, kind: 'StatefulSet', name: 'db', controller: true },
    ];
    const errs = validateObjectMeta({ name: 'web', namespace: 'default', ownerReferences: refs }, namespaced);
    expect(errs).toHaveLength(1);
    expect(errs[0]?.field).toBe('metadata.ownerReferences');
    expect(errs[0]?.message).toMatch(
      /: Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/web-1 and StatefulSet\/db$/,
    );
  });

  it('refuses events as owners', () => {
    const errs = validateObjectMeta(
      { name: 'web', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }] },
      namespaced,
    );
    expect(errs.map((e) => e.message.endsWith('/v1, Kind=Event is disallowed from being an owner'))).toEqual([true]);
  });

  it.each<[string, unknown, FieldError[]]>([
    ['exactly 256 KiB', { a: 'x'.repeat(262144 - 1) }, []],
    ['one byte more', { a: 'x'.repeat(262144) }, [{ type: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' }]],
    ['keys count towards the size', { ['k'.repeat(63)]: 'x'.repeat(262144 - 62) }, [{ type: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' }]],
    ['upper case keys are fine', { 'Example.COM/Key': 'v' }, []],
    ['non-string values', { a: 1 }, [{ type: 'FieldValueTypeInvalid', field: 'metadata.annotations[a]', message: 'Invalid value: 1: must be of type string' }]],
  ])('annotations: %s', (_name, annotations, expected) => {
    expect(validateAnnotations(annotations, 'metadata.annotations')).toEqual(expected);
  });

  it.each<[string, unknown, number]>([
    ['valid', { app: 'web', 'example.com/tier': '' }, 0],
    ['upper case prefix', { 'Example.com/tier': 'x' }, 1],
    ['not a map', ['a'], 1],
    ['absent', undefined, 0],
  ])('labels: %s has %d errors', (_name, labels, count) => {
    expect(validateLabels(labels, 'metadata.labels')).toHaveLength(count);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old = {
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '5',
    generation: 2,
    creationTimestamp: '2024-01-01T00:00:00Z',
    finalizers: ['a.io/x'],
  };

  it.each<[string, Record<string, unknown>, FieldError[]]>([
    ['nothing changed', {}, []],
    ['the same instant written differently', { creationTimestamp: '2024-01-01T00:00:00.000Z' }, []],
    ['labels changed', { labels: { app: 'x' } }, []],
    ['name changed', { name: 'db' }, [invalid('metadata.name', 'Invalid value: "db": field is immutable')]],
    ['namespace changed', { namespace: 'prod' }, [invalid('metadata.namespace', 'Invalid value: "prod": field is immutable')]],
    ['uid changed', { uid: 'u2' }, [invalid('metadata.uid', 'Invalid value: "u2": field is immutable')]],
    ['creationTimestamp changed', { creationTimestamp: '2024-01-02T03:04:05Z' }, [invalid('metadata.creationTimestamp', 'Invalid value: 2024-01-02 03:04:05 +0000 UTC: field is immutable')]],
    ['creationTimestamp removed', { creationTimestamp: undefined }, [invalid('metadata.creationTimestamp', 'Invalid value: 0001-01-01 00:00:00 +0000 UTC: field is immutable')]],
    ['deletionTimestamp set by a client', { deletionTimestamp: '2024-01-02T00:00:00Z' }, [invalid('metadata.deletionTimestamp', 'Invalid value: 2024-01-02 00:00:00 +0000 UTC: field is immutable')]],
    ['grace period set by a client', { deletionGracePeriodSeconds: 30 }, [invalid('metadata.deletionGracePeriodSeconds', 'Invalid value: 30: field is immutable')]],
    ['no resourceVersion', { resourceVersion: undefined }, [invalid('metadata.resourceVersion', 'Invalid value: "": must be specified for an update')]],
    ['generation decremented', { generation: 1 }, [invalid('metadata.generation', 'Invalid value: 1: must not be decremented')]],
    ['a bad label', { labels: { app: '-x' } }, [invalid('metadata.labels', `Invalid value: "-x": ${LABEL_VALUE_MSG}`)]],
  ])('%s', (_name, change, expected) => {
    expect(validateObjectMetaUpdate({ ...old, ...change }, old)).toEqual(expected);
  });

  it('refuses new finalizers once deletion started, but allows removing them', () => {
    const deleting = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', deletionGracePeriodSeconds: 0 };
    expect(validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'b.io/y', 'a.io/z'] }, deleting)).toEqual([
      {
        type: 'FieldValueForbidden',
        field: 'metadata.finalizers',
        message: 'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a.io/z", "b.io/y"}',
      },
    ]);
    expect(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting)).toEqual([]);
  });
});
