import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../store/object-meta.ts';
import { jsonEqual, jsonEqualExcept } from './json-equal.ts';

const pod = (): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'd', labels: { app: 'web', tier: 'x' }, resourceVersion: undefined },
  spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80 }] }], nodeName: 'n1' },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

/** pairs whose canonical JSON agrees or not; jsonEqual must say the same of each */
const cases: [string, unknown, unknown][] = [
  ['the same pod', pod(), pod()],
  ['keys in another order', pod(), { status: pod()['status'], spec: pod()['spec'], kind: 'Pod', metadata: pod()['metadata'], apiVersion: 'v1' }],
  ['a status changed deep inside', pod(), { ...pod(), status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } }],
  ['a label added', pod(), { ...pod(), metadata: { ...(pod()['metadata'] as object), labels: { app: 'web', tier: 'x', more: 'y' } } }],
  ['an undefined property against an absent one', { a: 1, b: undefined }, { a: 1 }],
  ['undefined in an array against null', [1, undefined], [1, null]],
  ['NaN against null', { a: Number.NaN }, { a: null }],
  ['Infinity in an array against null', [Number.POSITIVE_INFINITY], [null]],
  ['0 against -0', { a: 0 }, { a: -0 }],
  ['a number against its string', { a: 1 }, { a: '1' }],
  ['null against an empty object', { a: null }, { a: {} }],
  ['an empty array against an empty object', { a: [] }, { a: {} }],
  ['arrays of other lengths', [1, 2], [1, 2, 3]],
  ['the same elements in another order', [1, 2], [2, 1]],
  ['a Date against its text', { t: new Date(0) }, { t: '1970-01-01T00:00:00.000Z' }],
  ['a function property against an absent one', { a: 1, f: () => 1 }, { a: 1 }],
  ['true against 1', { a: true }, { a: 1 }],
  ['an extra key on the right', { a: 1 }, { a: 1, b: 2 }],
];

describe('jsonEqual', () => {
  it.each(cases)('agrees with canonical JSON: %s', (_name, a, b) => {
    const expected = canonicalJson(a) === canonicalJson(b);
    expect(jsonEqual(a, b)).toBe(expected);
    expect(jsonEqual(b, a)).toBe(expected);
  });

  it('tells equal and different pods apart (the cases above are not all one answer)', () => {
    expect(cases.map(([, a, b]) => jsonEqual(a, b))).toContain(true);
    expect(cases.map(([, a, b]) => jsonEqual(a, b))).toContain(false);
  });
});

describe('jsonEqualExcept', () => {
  it('leaves out the one member named, and only that one', () => {
    expect(jsonEqualExcept({ name: 'a', resourceVersion: '1' }, { resourceVersion: '2', name: 'a' }, 'resourceVersion')).toBe(true);
    expect(jsonEqualExcept({ name: 'a', resourceVersion: '1' }, { name: 'a' }, 'resourceVersion')).toBe(true);
    expect(jsonEqualExcept({ name: 'a', resourceVersion: '1' }, { name: 'b', resourceVersion: '1' }, 'resourceVersion')).toBe(false);
    expect(jsonEqualExcept({ name: 'a', uid: 'u' }, { name: 'a' }, 'resourceVersion')).toBe(false);
    expect(jsonEqualExcept({ name: 'a', extra: undefined }, { name: 'a' }, 'resourceVersion')).toBe(true);
  });
});
