import { describe, expect, it } from 'vitest';
import { FieldSet } from './field-set.ts';
import { pathString } from './path-element.ts';

/** managedFields of `kubectl create deployment web --image=nginx --port=80`, as Kubernetes stores it. */
const KUBECTL_CREATE_FIELDS = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
          },
        },
      },
    },
  },
};

describe('FieldSet', () => {
  it('round-trips a stored fieldsV1 tree', () => {
    const set = FieldSet.fromFieldsV1(KUBECTL_CREATE_FIELDS);
    expect(set.toFieldsV1()).toEqual(KUBECTL_CREATE_FIELDS);
    expect(set.has(['f:spec', 'f:replicas'])).toBe(true);
    expect(set.has(['f:spec'])).toBe(false);
    expect(set.has(['f:metadata', 'f:labels'])).toBe(true);
  });

  it('serializes in Kubernetes order: fields, keys (numbers numerically), values', () => {
    const set = FieldSet.fromPaths([
      ['f:ports', 'k:{"containerPort":8080,"protocol":"TCP"}'],
      ['f:ports', 'k:{"containerPort":443,"protocol":"TCP"}'],
      ['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'],
      ['f:finalizers', 'v:"b"'],
      ['f:finalizers', 'v:"a"'],
      ['f:b'],
      ['f:a'],
    ]);
    expect(Object.keys(set.toFieldsV1())).toEqual(['f:a', 'f:b', 'f:finalizers', 'f:ports']);
    expect(Object.keys(set.toFieldsV1()['f:ports'] as object)).toEqual([
      'k:{"containerPort":80,"protocol":"TCP"}',
      'k:{"containerPort":443,"protocol":"TCP"}',
      'k:{"containerPort":8080,"protocol":"TCP"}',
    ]);
    expect(Object.keys(set.toFieldsV1()['f:finalizers'] as object)).toEqual(['v:"a"', 'v:"b"']);
  });

  it('orders mixed element kinds in one node as PathElement.Compare: fields, keys, values, indices', () => {
    const set = FieldSet.fromPaths([['i:10'], ['v:"x"'], ['k:{"name":"b"}'], ['i:9'], ['f:z'], ['k:{"name":"a"}'], ['v:3'], ['f:a']]);
    expect(Object.keys(set.toFieldsV1())).toEqual(['f:a', 'f:z', 'k:{"name":"a"}', 'k:{"name":"b"}', 'v:3', 'v:"x"', 'i:9', 'i:10']);
  });

  it('writes "." first for a member with children, {} for a member leaf, and leaves out subtrees without members', () => {
    const set = FieldSet.fromPaths([['f:spec'], ['f:spec', 'f:b'], ['f:spec', 'f:a', 'f:x'], ['f:status']]);
    set.insert(['f:metadata', 'f:labels']);
    const emptied = set.difference(FieldSet.fromPaths([['f:metadata', 'f:labels']]));
    expect(JSON.stringify(emptied.toFieldsV1())).toBe('{"f:spec":{".":{},"f:a":{"f:x":{}},"f:b":{}},"f:status":{}}');
    expect(new FieldSet().toFieldsV1()).toEqual({});
  });

  it('shares one frozen encoding between sets of one shape, and tells shapes apart by members and elements', () => {
    const paths = [['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:image'], ['f:metadata', 'f:labels', 'f:app']];
    const one = FieldSet.fromPaths(paths).toFieldsV1();
    expect(FieldSet.fromPaths(paths).toFieldsV1()).toBe(one);
    expect(Object.isFrozen(one)).toBe(true);
    expect(Object.isFrozen(one['f:spec'])).toBe(true);
    // Frozen all the way down; every member leaf is one shared `{}`.
    const container = (one['f:spec'] as Record<string, Record<string, Record<string, unknown>>>)['f:containers']?.['k:{"name":"a"}'];
    expect(Object.isFrozen(container)).toBe(true);
    expect(Object.isFrozen(container?.['f:image'])).toBe(true);
    expect(container?.['f:image']).toBe((one['f:metadata'] as Record<string, Record<string, unknown>>)['f:labels']?.['f:app']);
    // Built in another order, it encodes the same.
    expect(FieldSet.fromPaths([...paths].reverse()).toFieldsV1()).toEqual(one);
    // A member more, or an element that only a length prefix tells apart, is another set.
    const withMember = FieldSet.fromPaths([...paths, ['f:spec']]).toFieldsV1();
    expect(withMember).not.toEqual(one);
    expect(Object.keys(withMember['f:spec'] as object)[0]).toBe('.');
    expect(FieldSet.fromPaths([['f:a(1:b', 'f:c']]).toFieldsV1()).toEqual({ 'f:a(1:b': { 'f:c': {} } });
    expect(FieldSet.fromPaths([['f:a', 'f:b', 'f:c']]).toFieldsV1()).toEqual({ 'f:a': { 'f:b': { 'f:c': {} } } });
  });

  it('reuses the encoding of a subtree that recurs when the whole set does not', () => {
    const conditions = ['Ready', 'PodScheduled'].map((type) => ['f:status', 'f:conditions', `k:{"type":"${type}"}`, 'f:status']);
    const kubelet = (ip: string) => FieldSet.fromPaths([...conditions, ['f:status', 'f:podIPs', `k:{"ip":"${ip}"}`, 'f:ip']]).toFieldsV1();
    const first = kubelet('10.0.0.1');
    const second = kubelet('10.0.0.2');
    expect(second).not.toEqual(first);
    const statusOf = (encoded: Record<string, unknown>) => encoded['f:status'] as Record<string, unknown>;
    expect(statusOf(second)['f:conditions']).toBe(statusOf(first)['f:conditions']);
    expect(statusOf(second)['f:podIPs']).toEqual({ 'k:{"ip":"10.0.0.2"}': { 'f:ip': {} } });
    // A subtree that has the same hash-relevant parts but other members is told apart.
    const fewer = FieldSet.fromPaths(conditions.slice(0, 1)).toFieldsV1();
    expect(Object.keys(statusOf(fewer)['f:conditions'] as object)).toEqual(['k:{"type":"Ready"}']);
  });

  it('refuses, under test, a set changed after it was encoded', () => {
    const set = FieldSet.fromPaths([['f:spec', 'f:a'], ['f:spec', 'f:b']]);
    set.toFieldsV1();
    set.child(['f:spec'])?.deleteChild('f:b');
    expect(() => set.toFieldsV1()).toThrow(/changed after it was encoded/);
  });

  it('matches keys whatever their JSON spelling', () => {
    const set = FieldSet.fromFieldsV1({ 'f:ports': { 'k:{"protocol": "TCP", "containerPort": 80}': {} } });
    expect(set.has(['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'])).toBe(true);
  });

  it.each([
    { name: 'difference keeps children of a removed member', op: 'difference', expected: [['f:b'], ['f:a', 'f:x']] },
    { name: 'recursiveDifference removes whole subtrees', op: 'recursiveDifference', expected: [['f:b']] },
    { name: 'intersection keeps common members', op: 'intersection', expected: [['f:a']] },
    { name: 'union', op: 'union', expected: [['f:a'], ['f:b'], ['f:c'], ['f:a', 'f:x']] },
  ] as const)('$name', ({ op, expected }) => {
    const left = FieldSet.fromPaths([['f:a'], ['f:a', 'f:x'], ['f:b']]);
    const right = FieldSet.fromPaths([['f:a'], ['f:c']]);
    expect(left[op](right).paths()).toEqual(expected);
  });

  it('makes named fields with children members', () => {
    const set = FieldSet.fromPaths([['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:image']]).withNamedFieldsAsMembers();
    expect(set.has(['f:spec'])).toBe(true);
    expect(set.has(['f:spec', 'f:containers'])).toBe(true);
    expect(set.has(['f:spec', 'f:containers', 'k:{"name":"a"}'])).toBe(false);
  });

  it('is empty without members', () => {
    expect(new FieldSet().isEmpty()).toBe(true);
    expect(FieldSet.fromPaths([['f:a']]).difference(FieldSet.fromPaths([['f:a']])).isEmpty()).toBe(true);
  });

  it('answers with the set itself when an operation changes nothing, and with new sets that leave both inputs alone otherwise', () => {
    const set = FieldSet.fromFieldsV1(KUBECTL_CREATE_FIELDS);
    const unrelated = FieldSet.fromPaths([['f:status', 'f:replicas']]);
    expect(set.difference(unrelated)).toBe(set);
    expect(set.recursiveDifference(unrelated)).toBe(set);
    expect(set.union(FieldSet.fromPaths([['f:spec', 'f:replicas']]))).toBe(set);

    const replicas = FieldSet.fromPaths([['f:spec', 'f:replicas']]);
    const without = set.difference(replicas);
    expect(without).not.toBe(set);
    expect(without.has(['f:spec', 'f:replicas'])).toBe(false);
    const grown = set.union(unrelated);
    expect(grown.has(['f:status', 'f:replicas'])).toBe(true);
    // Neither input changed: sets are shared, never changed in place.
    expect(set.toFieldsV1()).toEqual(KUBECTL_CREATE_FIELDS);
    expect(unrelated.paths()).toEqual([['f:status', 'f:replicas']]);
    expect(set.recursiveDifference(FieldSet.fromPaths([['f:spec']])).toFieldsV1()).toEqual({ 'f:metadata': KUBECTL_CREATE_FIELDS['f:metadata'] });
  });

  it.each([
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'], '.spec.template.spec.containers[name="nginx"].image'],
    [['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'], '.spec.ports[port=80,protocol="TCP"]'],
    [['f:metadata', 'f:finalizers', 'v:"kubernetes.io/pv-protection"'], '.metadata.finalizers[="kubernetes.io/pv-protection"]'],
    [['f:items', 'i:2'], '.items[2]'],
  ])('prints %j as %s', (path, expected) => {
    expect(pathString(path)).toBe(expected);
  });
});
