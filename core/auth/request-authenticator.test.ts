import { describe, expect, it } from 'vitest';
import { BootstrapTokenAuthenticator } from './bootstrap-token-authenticator.ts';
import { bootstrapTokenSecret } from './bootstrap-token/token-secret.ts';
import { bearerToken, createRequestAuthenticator, matchesAnyToken } from './request-authenticator.ts';

const secret = bootstrapTokenSecret({ id: 'abcdef', secret: '0123456789abcdef' }, { expiresAt: new Date(Date.now() + 3_600_000) });
const authenticate = createRequestAuthenticator({
  tokens: () => ['the-admin-token'],
  bootstrap: new BootstrapTokenAuthenticator({ lookup: async (_ns, name) => (name === secret.metadata.name ? secret : undefined) }),
});

describe('createRequestAuthenticator', () => {
  it.each([
    ['the admin token', 'Bearer the-admin-token', { name: 'kubernel-admin', groups: ['system:masters', 'system:authenticated'] }],
    ['a bootstrap token', 'Bearer abcdef.0123456789abcdef', { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] }],
    ['an unknown bootstrap token', 'Bearer zzzzzz.0123456789abcdef', undefined],
    ['a wrong token', 'Bearer nope', undefined],
    ['no header', undefined, undefined],
    ['basic auth', 'Basic dXNlcjpwYXNz', undefined],
  ])('%s', async (_name, authorization, user) => {
    expect(await authenticate({ authorization, socket: undefined })).toEqual(user);
  });
});

describe('bearer tokens', () => {
  it('reads the token of a Bearer header in any case', () => {
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer  abc')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });

  it('compares whole tokens only', () => {
    expect(matchesAnyToken('abc', ['x', 'abc'])).toBe(true);
    expect(matchesAnyToken('ab', ['abc'])).toBe(false);
    expect(matchesAnyToken('abcd', ['abc'])).toBe(false);
  });
});
