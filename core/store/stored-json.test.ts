import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types/meta.ts';
import { decode } from './object-store.ts';
import { storedJsonWithVersion } from './stored-json.ts';

const PREFIX = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{';

/** What a GET sent before: the stored text parsed, given its version, and serialised. */
const parsedAndSerialised = (value: string, modRevision: number): string => JSON.stringify(decode({ key: '/k', value, createRevision: 1, modRevision }));

const stored = (object: KubeObject): string => JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: undefined } });

describe('storedJsonWithVersion', () => {
  it.each<[string, KubeObject]>([
    ['plain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'd', uid: 'u' }, data: { k: 'v' } }],
    ['empty metadata', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: {} }],
    [
      'braces, brackets, quotes and backslashes inside strings and nested members',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'b',
          labels: { 'a/b': '}]"{[' },
          annotations: { note: 'say "\\"resourceVersion\\":\\"1\\"" \\ }', resourceVersion: 'an annotation, not the member' },
          managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': { '.': {}, 'f:k': {} } } }],
        },
        data: { 'x.json': '{"metadata":{"resourceVersion":"9"}}' },
      },
    ],
    [
      'strings ending in escaped backslashes, before and after a closing brace',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'e', annotations: { one: 'a\\', two: 'b\\\\', three: '\\"}' } }, data: { k: '\\' } },
    ],
    ['non-ASCII text', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { greeting: 'grüße ✓ \u2028' } } }],
  ])('gives the text a parse and serialisation would: %s', (_name, object) => {
    const value = stored(object);
    expect(storedJsonWithVersion(value, PREFIX, '42')).toBe(parsedAndSerialised(value, 42));
  });

  it('declines a text that does not start as the kind writes it', () => {
    const value = JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' } });
    expect(storedJsonWithVersion(value, PREFIX, '1')).toBeUndefined();
  });

  it('declines a text whose metadata already names a resourceVersion, which the parse would overwrite in place', () => {
    const value = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '3', uid: 'u' } });
    expect(storedJsonWithVersion(value, PREFIX, '7')).toBeUndefined();
    expect(parsedAndSerialised(value, 7)).toContain('"resourceVersion":"7","uid"');
  });

  it('declines a text that is cut short', () => {
    expect(storedJsonWithVersion(`${PREFIX}"name":"a"`, PREFIX, '1')).toBeUndefined();
  });
});
