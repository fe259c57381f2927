import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { bootstrapTokenGroups, bootstrapTokenSecret, bootstrapTokenTimeRemaining, isBootstrapTokenExpired, isBootstrapTokenSecret, secretData } from './token-secret.ts';

const token = { id: 'abcdef', secret: '0123456789abcdef' };
const now = new Date('2024-06-01T12:00:00Z');

function withData(data: Record<string, string>): KubeObject {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' }, type: 'bootstrap.kubernetes.io/token', data: encoded };
}

describe('bootstrapTokenSecret', () => {
  it('is the Secret Kubernetes looks a token up by', () => {
    const secret = bootstrapTokenSecret(token, {
      expiresAt: new Date('2024-06-02T12:00:00.250Z'),
      description: 'for node n1',
      extraGroups: ['system:bootstrappers:kubeadm:default-node-token'],
    });
    expect(secret.metadata).toEqual({ name: 'bootstrap-token-abcdef', namespace: 'kube-system' });
    expect(secret['type']).toBe('bootstrap.kubernetes.io/token');
    expect(isBootstrapTokenSecret(secret)).toBe(true);
    const keys = ['token-id', 'token-secret', 'expiration', 'usage-bootstrap-authentication', 'description', 'auth-extra-groups'];
    expect(Object.fromEntries(keys.map((k) => [k, secretData(secret, k)]))).toEqual({
      'token-id': 'abcdef',
      'token-secret': '0123456789abcdef',
      expiration: '2024-06-02T12:00:00Z',
      'usage-bootstrap-authentication': 'true',
      description: 'for node n1',
      'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
    });
  });

  it('refuses extra groups outside system:bootstrappers', () => {
    expect(() => bootstrapTokenSecret(token, { expiresAt: now, extraGroups: ['system:masters'] })).toThrow('bootstrap group "system:masters" is invalid');
  });
});

describe('expiry', () => {
  it.each([
    ['an hour ahead', '2024-06-01T13:00:00Z', 3_600_000, false],
    ['a second ago', '2024-06-01T11:59:59Z', 0, true],
    ['right now', '2024-06-01T12:00:00Z', 0, true],
    ['with an offset', '2024-06-01T14:00:00+02:00', 0, true],
    ['unparseable (treated as expired)', 'tomorrow', 0, true],
  ])('%s', (_name, expiration, remaining, expired) => {
    const secret = withData({ expiration });
    expect(bootstrapTokenTimeRemaining(secret, now)).toBe(remaining);
    expect(isBootstrapTokenExpired(secret, now)).toBe(expired);
  });

  it('never expires without an expiration', () => {
    expect(bootstrapTokenTimeRemaining(withData({}), now)).toBeUndefined();
    expect(isBootstrapTokenExpired(withData({}), now)).toBe(false);
  });
});

describe('bootstrapTokenGroups', () => {
  it.each<[string, Record<string, string>, unknown]>([
    ['default only', {}, { groups: ['system:bootstrappers'] }],
    ['sorted and unique', { 'auth-extra-groups': 'system:bootstrappers:b,system:bootstrappers:a,system:bootstrappers:b' }, { groups: ['system:bootstrappers', 'system:bootstrappers:a', 'system:bootstrappers:b'] }],
    ['an invalid one', { 'auth-extra-groups': 'system:masters' }, { problem: expect.stringContaining('"system:masters" is invalid') }],
  ])('%s', (_name, data, expected) => {
    expect(bootstrapTokenGroups(withData(data))).toEqual(expected);
  });
});
