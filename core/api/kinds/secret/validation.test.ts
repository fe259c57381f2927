import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultSecret } from './defaults.ts';
import { validateSecret, validateSecretUpdate } from './validation.ts';

function secret(body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'secret-basic-auth', namespace: 'default', ...meta }, ...body };
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const dockerConfig = b64('{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"}}}');

describe('validateSecret', () => {
  it.each([
    ['an Opaque Secret with data', secret({ data: { username: 'YWRtaW4=', password: 'MWYyZDFlMmU2N2Rm' } })],
    ['a basic-auth Secret from stringData', secret({ type: 'kubernetes.io/basic-auth', stringData: { username: 'admin', password: 't0p-Secret' } })],
    ['a basic-auth Secret with only a password', secret({ type: 'kubernetes.io/basic-auth', data: { password: '' } })],
    ['an ssh-auth Secret', secret({ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': b64('-----BEGIN OPENSSH PRIVATE KEY-----') } })],
    ['a TLS Secret', secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64('cert'), 'tls.key': b64('key') } })],
    ['a dockerconfigjson Secret', secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': dockerConfig } })],
    ['a legacy dockercfg Secret', secret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('{}') } })],
    [
      'a service-account-token Secret',
      secret({ type: 'kubernetes.io/service-account-token' }, { annotations: { 'kubernetes.io/service-account.name': 'build-robot' } }),
    ],
    ['a bootstrap token of a custom type', secret({ type: 'bootstrap.kubernetes.io/token', stringData: { 'token-id': '5emitj' } })],
    ['base64 wrapped over lines', secret({ data: { key: 'YWJj\nZGVm' } })],
  ])('accepts %s', (_, obj) => {
    defaultSecret(obj);
    expect(validateSecret(obj)).toEqual([]);
  });

  it.each([
    ['a bad key', secret({ data: { 'a b': 'eA==' } }), 'FieldValueInvalid', 'data[a b]'],
    ['unpadded base64', secret({ data: { k: 'eA' } }), 'FieldValueTypeInvalid', 'data[k]'],
    ['a number in stringData', secret({ stringData: { port: 5432 } }), 'FieldValueTypeInvalid', 'stringData[port]'],
    ['a numeric type', secret({ type: 1 }), 'FieldValueTypeInvalid', 'type'],
    ['a TLS Secret without a key', secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }), 'FieldValueRequired', 'data[tls.key]'],
    ['a dockerconfigjson Secret without its key', secret({ type: 'kubernetes.io/dockerconfigjson' }), 'FieldValueRequired', 'data[.dockerconfigjson]'],
    [
      'a dockerconfigjson Secret holding a list',
      secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('[1]') } }),
      'FieldValueInvalid',
      'data[.dockerconfigjson]',
    ],
    [
      'a dockercfg Secret holding broken JSON',
      secret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('{"auths":') } }),
      'FieldValueInvalid',
      'data[.dockercfg]',
    ],
    ['an ssh-auth Secret with an empty key', secret({ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } }), 'FieldValueRequired', 'data[ssh-privatekey]'],
    [
      'a token Secret without its account',
      secret({ type: 'kubernetes.io/service-account-token' }),
      'FieldValueRequired',
      'metadata.annotations[kubernetes.io/service-account.name]',
    ],
    ['a name with an underscore', secret({}, { name: 'my_secret' }), 'FieldValueInvalid', 'metadata.name'],
  ])('rejects %s', (_, obj, type, field) => {
    defaultSecret(obj);
    expect(summary(validateSecret(obj))).toEqual([[type, field]]);
  });

  it('requires username or password on a basic-auth Secret', () => {
    const obj = secret({ type: 'kubernetes.io/basic-auth' });
    expect(summary(validateSecret(obj))).toEqual([
      ['FieldValueRequired', 'data[username]'],
      ['FieldValueRequired', 'data[password]'],
    ]);
  });

  it('never echoes secret material', () => {
    const obj = secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('[1]') } });
    const [err] = validateSecret(obj);
    expect(err?.message).toBe(
      'Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });

  it('limits the decoded data to 1 MiB', () => {
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(validateSecret(secret({ data: { big } }))).toEqual([
      { type: 'FieldValueTooLong', field: 'data', message: 'Too long: must have at most 1048576 bytes' },
    ]);
  });
});

describe('validateSecretUpdate', () => {
  const meta = { resourceVersion: '3', uid: 'u' };
  const stored = secret({ type: 'Opaque', data: { a: 'eA==' }, immutable: true }, meta);

  it('accepts an unchanged immutable Secret with new labels', () => {
    const next = secret({ type: 'Opaque', data: { a: 'eA==' }, immutable: true }, { ...meta, labels: { a: 'b' } });
    expect(validateSecretUpdate(next, stored)).toEqual([]);
  });

  it('refuses a type change', () => {
    const mutable = secret({ type: 'Opaque', data: { a: 'eA==' } }, meta);
    const next = secret({ type: 'kubernetes.io/basic-auth', data: { username: 'eA==' } }, meta);
    const errs = validateSecretUpdate(next, mutable);
    expect(summary(errs)).toEqual([['FieldValueInvalid', 'type']]);
    expect(errs[0]?.message).toBe('Invalid value: "kubernetes.io/basic-auth": field is immutable');
  });

  it.each([
    ['changed data', secret({ type: 'Opaque', data: { a: 'eQ==' }, immutable: true }, meta), 'data'],
    ['data changed through stringData', secret({ type: 'Opaque', data: { a: 'eA==' }, stringData: { b: 'y' }, immutable: true }, meta), 'data'],
    ['the flag removed', secret({ type: 'Opaque', data: { a: 'eA==' } }, meta), 'immutable'],
  ])('forbids %s on an immutable Secret', (_, next, field) => {
    defaultSecret(next);
    expect(summary(validateSecretUpdate(next, stored))).toEqual([['FieldValueForbidden', field]]);
  });
});
