import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultServiceAccount } from './defaults.ts';
import { validateServiceAccount, validateServiceAccountUpdate } from './validation.ts';

function sa(body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'build-robot', namespace: 'default', ...meta }, ...body };
}

describe('defaultServiceAccount', () => {
  it('changes nothing', () => {
    const obj = sa({ automountServiceAccountToken: false });
    defaultServiceAccount(obj);
    expect(obj).toEqual(sa({ automountServiceAccountToken: false }));
  });
});

describe('validateServiceAccount', () => {
  it.each([
    ['the build-robot account', sa({})],
    ['an account with pull secrets', sa({ imagePullSecrets: [{ name: 'myregistrykey' }], automountServiceAccountToken: false })],
    ['an account with a token secret', sa({ secrets: [{ name: 'build-robot-secret' }] })],
    ['a dotted name', sa({}, { name: 'system.robot' })],
  ])('accepts %s', (_, obj) => {
    expect(validateServiceAccount(obj)).toEqual([]);
  });

  it.each([
    ['an uppercase name', sa({}, { name: 'Robot' }), 'FieldValueInvalid', 'metadata.name'],
    ['a string automount flag', sa({ automountServiceAccountToken: 'false' }), 'FieldValueTypeInvalid', 'automountServiceAccountToken'],
    ['a pull secret given as a string', sa({ imagePullSecrets: ['myregistrykey'] }), 'FieldValueTypeInvalid', 'imagePullSecrets[0]'],
    ['a secret name of the wrong type', sa({ secrets: [{ name: 7 }] }), 'FieldValueTypeInvalid', 'secrets[0].name'],
  ])('rejects %s', (_, obj, type, field) => {
    expect(summary(validateServiceAccount(obj))).toEqual([[type, field]]);
  });
});

describe('validateServiceAccountUpdate', () => {
  const stored = sa({}, { resourceVersion: '1', uid: 'u' });

  it('accepts a new pull secret', () => {
    expect(validateServiceAccountUpdate(sa({ imagePullSecrets: [{ name: 'r' }] }, { resourceVersion: '1', uid: 'u' }), stored)).toEqual([]);
  });

  it('refuses a namespace move', () => {
    const next = sa({}, { resourceVersion: '1', uid: 'u', namespace: 'other' });
    expect(summary(validateServiceAccountUpdate(next, stored))).toEqual([['FieldValueInvalid', 'metadata.namespace']]);
  });
});
