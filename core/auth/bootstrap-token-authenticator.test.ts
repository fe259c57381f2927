import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types/meta.ts';
import { BootstrapTokenAuthenticator, decideBootstrapToken } from './bootstrap-token-authenticator.ts';
import { bootstrapTokenSecret } from './bootstrap-token/token-secret.ts';

const now = new Date('2024-06-01T12:00:00Z');
const token = { id: 'abcdef', secret: '0123456789abcdef' };
const later = new Date('2024-06-01T13:00:00Z');

function secret(change: (s: KubeObject, data: Record<string, string>) => void = () => undefined): KubeObject {
  const s = bootstrapTokenSecret(token, { expiresAt: later, extraGroups: ['system:bootstrappers:kubeadm:default-node-token'] });
  const data = s['data'] as Record<string, string>;
  change(s, data);
  return s;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('decideBootstrapToken', () => {
  it('names the user system:bootstrap:<id> in system:bootstrappers and the extra groups', () => {
    expect(decideBootstrapToken(token, secret(), now)).toEqual({
      user: { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token', 'system:authenticated'] },
    });
  });

  it.each<[string, KubeObject | undefined, string]>([
    ['no Secret', undefined, 'no secret of that name'],
    ['a Secret being deleted', secret((s) => (s.metadata.deletionTimestamp = '2024-06-01T11:00:00Z')), 'is deleted and awaiting removal'],
    ['an Opaque Secret', secret((s) => (s['type'] = 'Opaque')), 'has invalid type, expected bootstrap.kubernetes.io/token.'],
    ['another secret', secret((_s, d) => (d['token-secret'] = b64('ffffffffffffffff'))), 'has invalid value for key token-secret.'],
    ['a shorter secret', secret((_s, d) => (d['token-secret'] = b64('0123'))), 'has invalid value for key token-secret.'],
    ['another id', secret((_s, d) => (d['token-id'] = b64('zzzzzz'))), 'has invalid value for key token-id.'],
    ['an expired token', secret((_s, d) => (d['expiration'] = b64('2024-06-01T11:59:59Z'))), 'has expired.'],
    ['a token not for authentication', secret((_s, d) => delete d['usage-bootstrap-authentication']), 'not marked usage-bootstrap-authentication=true.'],
    ['an invalid extra group', secret((_s, d) => (d['auth-extra-groups'] = b64('system:masters'))), expect.stringContaining('has invalid value for key auth-extra-groups')],
  ])('refuses %s', (_name, s, reason) => {
    expect(decideBootstrapToken(token, s, now)).toEqual({ rejected: reason });
  });
});

describe('BootstrapTokenAuthenticator', () => {
  function authenticator(secrets: Map<string, KubeObject>, clock: { now: Date }): { auth: BootstrapTokenAuthenticator; lookups: string[]; rejected: string[] } {
    const lookups: string[] = [];
    const rejected: string[] = [];
    const auth = new BootstrapTokenAuthenticator({
      lookup: async (namespace, name) => {
        lookups.push(`${namespace}/${name}`);
        return secrets.get(name);
      },
      now: () => clock.now,
      cacheMs: 2_000,
      onRejected: (name, reason) => rejected.push(`${name}: ${reason}`),
    });
    return { auth, lookups, rejected };
  }

  it('authenticates a valid token and refuses a wrong secret', async () => {
    const { auth, rejected } = authenticator(new Map([['bootstrap-token-abcdef', secret()]]), { now });
    expect((await auth.authenticate('abcdef.0123456789abcdef'))?.name).toBe('system:bootstrap:abcdef');
    expect(await auth.authenticate('abcdef.ffffffffffffffff')).toBeUndefined();
    expect(rejected).toEqual(['bootstrap-token-abcdef: has invalid value for key token-secret.']);
  });

  it('does not look up tokens of another form', async () => {
    const { auth, lookups } = authenticator(new Map(), { now });
    expect(await auth.authenticate('an-admin-token-of-some-length')).toBeUndefined();
    expect(lookups).toEqual([]);
  });

  it('reads a Secret once per cache period, and again after it', async () => {
    const secrets = new Map([['bootstrap-token-abcdef', secret()]]);
    const clock = { now };
    const { auth, lookups } = authenticator(secrets, clock);
    await Promise.all([auth.authenticate('abcdef.0123456789abcdef'), auth.authenticate('abcdef.0123456789abcdef')]);
    await auth.authenticate('abcdef.0123456789abcdef');
    expect(lookups).toEqual(['kube-system/bootstrap-token-abcdef']);
    secrets.clear();
    clock.now = new Date(now.getTime() + 2_001);
    expect(await auth.authenticate('abcdef.0123456789abcdef')).toBeUndefined();
    expect(lookups).toHaveLength(2);
  });

  it('checks expiry at each request, not at lookup', async () => {
    const clock = { now };
    const { auth } = authenticator(new Map([['bootstrap-token-abcdef', secret()]]), clock);
    expect(await auth.authenticate('abcdef.0123456789abcdef')).toBeDefined();
    clock.now = later;
    expect(await auth.authenticate('abcdef.0123456789abcdef')).toBeUndefined();
  });
});
