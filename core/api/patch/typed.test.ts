import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { rootSchema } from './patch-strategy.ts';
import { compareObjects } from './typed-compare.ts';
import { assertNoDuplicateItems, listItemElement, removeItems, toFieldSet } from './typed-fields.ts';
import { keyElement } from './path-element.ts';
import { mergeApplied, mergeOrder } from './typed-merge.ts';
import { FieldSet } from './field-set.ts';

const POD = rootSchema('/Pod');
const SERVICE = rootSchema('/Service');

function pod(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
}

describe('toFieldSet', () => {
  it('names map-list items by their keys, set items by value, and keeps atomic values whole', () => {
    const fields = toFieldSet(
      {
        metadata: { name: 'p', finalizers: ['a'] },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], args: ['-v'], resources: {} }],
          nodeSelector: { disk: 'ssd' },
          tolerations: [{ key: 'k', operator: 'Exists' }],
        },
      },
      POD,
    );
    expect(fields.toFieldsV1()).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:name': {} },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:args': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
            'f:resources': {},
          },
        },
        'f:nodeSelector': {},
        'f:tolerations': {},
      },
    });
  });

  it('fails like kube-apiserver when a map-list item lacks a key without default', () => {
    expect(() => toFieldSet({ spec: { ports: [{ targetPort: 80 }] } }, SERVICE)).toThrow(
      '.spec.ports: element 0: associative list with keys has an element that omits key field "port" (and doesn\'t have default value)',
    );
  });

  it('rejects duplicate items in an applied configuration', () => {
    const config = pod({ containers: [{ name: 'a' }, { name: 'a' }] });
    expect(() => assertNoDuplicateItems(config, POD)).toThrow(ApiError);
    expect(() => assertNoDuplicateItems(config, POD)).toThrow('.spec.containers: duplicate entries for key [name="a"]');
  });
});

describe('listItemElement', () => {
  it('names an item of a one-key list as keyElement does, whatever the type of the key, and the same on every call', () => {
    const byName = { listType: 'map' as const, listMapKeys: ['name'] };
    for (const value of ['nginx', 'with "quotes" and \\', 8080, true]) {
      const element = listItemElement(byName, { name: value, image: 'x' }, [], 0);
      expect(element).toBe(keyElement({ name: value }));
      expect(listItemElement(byName, { name: value }, [], 1)).toBe(element);
    }
    // A key field the item leaves out takes the list's default, else the item is refused.
    const byProtocol = { listType: 'map' as const, listMapKeys: ['protocol'], keyDefaults: { protocol: 'TCP' } };
    expect(listItemElement(byProtocol, { port: 80 }, [], 0)).toBe('k:{"protocol":"TCP"}');
    expect(() => listItemElement(byName, { image: 'x' }, ['f:spec', 'f:containers'], 2)).toThrow('omits key field "name"');
    // Several keys: sorted by name.
    expect(listItemElement({ listType: 'map', listMapKeys: ['protocol', 'containerPort'] }, { protocol: 'UDP', containerPort: 53 }, [], 0)).toBe(
      'k:{"containerPort":53,"protocol":"UDP"}',
    );
  });
});

describe('compareObjects', () => {
  it('reports added items with their own path, modified leaves, removed maps', () => {
    const before = pod({ containers: [{ name: 'a', image: 'v1' }], securityContext: { runAsUser: 1 } });
    const after = pod({ containers: [{ name: 'a', image: 'v2' }, { name: 'b', image: 'v1' }] });
    const diff = compareObjects(before, after, POD);
    expect(diff.modified.paths()).toEqual([['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:image']]);
    expect(diff.added.paths()).toEqual([
      ['f:spec', 'f:containers', 'k:{"name":"b"}'],
      ['f:spec', 'f:containers', 'k:{"name":"b"}', 'f:image'],
      ['f:spec', 'f:containers', 'k:{"name":"b"}', 'f:name'],
    ]);
    expect(diff.removed.paths()).toEqual([['f:spec', 'f:securityContext'], ['f:spec', 'f:securityContext', 'f:runAsUser']]);
  });

  it('compares atomic lists as one value', () => {
    const diff = compareObjects(pod({ tolerations: [{ key: 'a' }] }), pod({ tolerations: [{ key: 'b' }] }), POD);
    expect(diff.modified.paths()).toEqual([['f:spec', 'f:tolerations']]);
  });

  it('compares atomic values as they are stored: an undefined member or another key order is no change', () => {
    const before = pod({ tolerations: [{ key: 'a', operator: 'Exists' }] });
    const after = pod({ tolerations: [{ operator: 'Exists', key: 'a', value: undefined }] });
    const diff = compareObjects(before, after, POD);
    expect([diff.added, diff.modified, diff.removed].map((set) => set.paths())).toEqual([[], [], []]);
  });
});

describe('mergeApplied', () => {
  it('merges map lists by key, replaces atomic lists, clears nulls', () => {
    const live = pod({
      containers: [{ name: 'a', image: 'v1', ports: [{ containerPort: 80, protocol: 'TCP' }] }, { name: 'b', image: 'v1' }],
      tolerations: [{ key: 'x' }],
      priority: 5,
    });
    const config = pod({ containers: [{ name: 'a', image: 'v2' }], tolerations: [{ key: 'y' }], priority: null });
    expect(mergeApplied(live, config, POD)).toEqual(
      pod({
        containers: [{ name: 'a', image: 'v2', ports: [{ containerPort: 80, protocol: 'TCP' }] }, { name: 'b', image: 'v1' }],
        tolerations: [{ key: 'y' }],
      }),
    );
  });

  it.each([
    { live: ['a', 'b'], applied: ['b', 'c'], expected: ['a', 'b', 'c'] },
    { live: ['a', 'b', 'c'], applied: ['c', 'a'], expected: ['b', 'c', 'a'] },
    { live: [], applied: ['x', 'y'], expected: ['x', 'y'] },
    { live: ['a', 'b'], applied: [], expected: ['a', 'b'] },
    { live: ['a', 'x', 'b'], applied: ['b', 'n', 'a'], expected: ['x', 'b', 'n', 'a'] },
  ])('orders items live=$live applied=$applied as SMD', ({ live, applied, expected }) => {
    expect(mergeOrder(live, applied)).toEqual(expected);
  });
});

describe('removeItems', () => {
  it('removes members and drops containers left empty', () => {
    const obj = pod({ containers: [{ name: 'a', image: 'v1' }, { name: 'b' }], nodeSelector: { disk: 'ssd' } });
    const toRemove = FieldSet.fromPaths([
      ['f:spec', 'f:containers', 'k:{"name":"b"}'],
      ['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:image'],
      ['f:spec', 'f:nodeSelector'],
    ]);
    expect(removeItems(obj, toRemove, POD)).toEqual(pod({ containers: [{ name: 'a' }] }));
  });
});
