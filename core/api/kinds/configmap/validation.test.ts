import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultConfigMap } from './defaults.ts';
import { validateConfigMap, validateConfigMapUpdate } from './validation.ts';

function configMap(body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game-demo', namespace: 'default', ...meta }, ...body };
}

/** The ConfigMap from the Kubernetes "ConfigMaps" concept page. */
const gameDemo = configMap({
  data: {
    player_initial_lives: '3',
    ui_properties_file_name: 'user-interface.properties',
    'game.properties': 'enemy.types=aliens,monsters\nplayer.maximum-lives=5\n',
    'user-interface.properties': 'color.good=purple\ncolor.bad=yellow\nallow.textmode=true\n',
  },
});

describe('defaultConfigMap', () => {
  it('changes nothing', () => {
    const obj = configMap({});
    defaultConfigMap(obj);
    expect(obj).toEqual(configMap({}));
  });
});

describe('validateConfigMap', () => {
  it.each([
    ['the game-demo ConfigMap', gameDemo],
    ['binary data', configMap({ binaryData: { 'logo.png': 'iVBORw0KGgo=' } })],
    ['an immutable ConfigMap', configMap({ data: { a: 'b' }, immutable: true })],
    ['no data at all', configMap({})],
    ['null data, as Go decodes it: absent', configMap({ data: null, binaryData: null, immutable: null })],
    ['a null data value', configMap({ data: { a: null, b: 'x' } })],
    ['odd but valid keys', configMap({ data: { constructor: 'x', toString: 'y' } })],
  ])('accepts %s', (_, obj) => {
    expect(validateConfigMap(obj)).toEqual([]);
  });

  it.each([
    ['a key with a slash', configMap({ data: { 'a/b': 'x' } }), 'FieldValueInvalid', 'data[a/b]'],
    ['a key in both bags', configMap({ data: { k: 'x' }, binaryData: { k: 'eA==' } }), 'FieldValueInvalid', 'data[k]'],
    ['a bad binaryData key', configMap({ binaryData: { '..': 'eA==' } }), 'FieldValueInvalid', 'binaryData[..]'],
    ['binaryData that is not base64', configMap({ binaryData: { k: 'not base64!' } }), 'FieldValueTypeInvalid', 'binaryData[k]'],
    ['a numeric data value', configMap({ data: { lives: 3 } }), 'FieldValueTypeInvalid', 'data[lives]'],
    ['data as a list', configMap({ data: ['a'] }), 'FieldValueTypeInvalid', 'data'],
    ['a string immutable flag', configMap({ immutable: 'true' }), 'FieldValueTypeInvalid', 'immutable'],
    ['a numeric value among null ones', configMap({ data: { a: null, b: 1 } }), 'FieldValueTypeInvalid', 'data[b]'],
    ['a nested map as binaryData value', configMap({ binaryData: { k: { x: 'eA==' } } }), 'FieldValueTypeInvalid', 'binaryData[k]'],
    ['an uppercase name', configMap({}, { name: 'Game' }), 'FieldValueInvalid', 'metadata.name'],
    ['no namespace', configMap({}, { namespace: undefined }), 'FieldValueRequired', 'metadata.namespace'],
  ])('rejects %s', (_, obj, type, field) => {
    expect(summary(validateConfigMap(obj))).toEqual([[type, field]]);
  });

  it('counts data and decoded binaryData against 1 MiB, on the whole object', () => {
    const half = 'x'.repeat(512 * 1024);
    const binary = Buffer.alloc(512 * 1024 + 1).toString('base64');
    const errs = validateConfigMap(configMap({ data: { a: half }, binaryData: { b: binary } }));
    expect(errs).toEqual([{ type: 'FieldValueTooLong', field: '[]', message: 'Too long: must have at most 1048576 bytes' }]);
    expect(validateConfigMap(configMap({ data: { a: half, b: half } }))).toEqual([]);
  });

  it('checks the other keys of a body with a data key named __proto__', () => {
    const obj = JSON.parse('{"metadata":{"name":"a","namespace":"default"},"data":{"__proto__":"x","../bad":"y"}}') as KubeObject;
    expect(summary(validateConfigMap(obj))).toEqual(summary(validateConfigMap(configMap({ data: { '../bad': 'y' } }, { name: 'a' }))));
    expect(validateConfigMap(obj)).not.toEqual([]);
  });

  it('says which key clashes with binaryData', () => {
    const [err] = validateConfigMap(configMap({ data: { k: 'x' }, binaryData: { k: 'eA==' } }));
    expect(err?.message).toBe('Invalid value: "k": duplicate of key present in binaryData');
  });
});

describe('validateConfigMapUpdate', () => {
  const meta = { resourceVersion: '7', uid: 'u' };
  const stored = configMap({ data: { a: '1' }, immutable: true }, meta);

  it('allows metadata changes on an immutable ConfigMap', () => {
    const next = configMap({ data: { a: '1' }, immutable: true }, { ...meta, labels: { app: 'game' } });
    expect(validateConfigMapUpdate(next, stored)).toEqual([]);
  });

  it('allows any change while not immutable', () => {
    const mutable = configMap({ data: { a: '1' } }, meta);
    expect(validateConfigMapUpdate(configMap({ data: { a: '2' }, immutable: true }, meta), mutable)).toEqual([]);
  });

  it.each([
    ['changed data', configMap({ data: { a: '2' }, immutable: true }, meta), 'data'],
    ['an added empty value', configMap({ data: { a: '1', b: '' }, immutable: true }, meta), 'data'],
    ['added binaryData', configMap({ data: { a: '1' }, binaryData: { b: 'eA==' }, immutable: true }, meta), 'binaryData'],
    ['the flag cleared', configMap({ data: { a: '1' }, immutable: false }, meta), 'immutable'],
  ])('forbids %s once immutable', (_, next, field) => {
    const errs = validateConfigMapUpdate(next, stored);
    expect(summary(errs)).toEqual([['FieldValueForbidden', field]]);
    expect(errs[0]?.message).toBe('Forbidden: field is immutable when `immutable` is set');
  });
});
