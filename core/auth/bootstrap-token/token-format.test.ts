import { describe, expect, it } from 'vitest';
import { bootstrapGroupProblem, bootstrapTokenSecretName, generateBootstrapToken, isBootstrapToken, parseBootstrapToken } from './token-format.ts';

describe('bootstrap token format', () => {
  it.each([
    ['abcdef.0123456789abcdef', true],
    ['07401b.f395accd246ae52d', true],
    ['ABCDEF.0123456789abcdef', false],
    ['abcde.0123456789abcdef', false],
    ['abcdef.0123456789abcde', false],
    ['abcdef-0123456789abcdef', false],
    [' abcdef.0123456789abcdef', false],
    ['abcdef.0123456789abcdef\n', false],
    ['abcdef.0123456789abcdefg', false],
    ['', false],
  ])('%j is a bootstrap token: %s', (token, expected) => {
    expect(isBootstrapToken(token)).toBe(expected);
  });

  it('splits a token into id and secret and names its Secret', () => {
    expect(parseBootstrapToken('abcdef.0123456789abcdef')).toEqual({ id: 'abcdef', secret: '0123456789abcdef' });
    expect(parseBootstrapToken('admin-token-of-32-bytes')).toBeUndefined();
    expect(bootstrapTokenSecretName('abcdef')).toBe('bootstrap-token-abcdef');
  });

  it('generates tokens of the form, different every time', () => {
    const tokens = Array.from({ length: 50 }, () => generateBootstrapToken());
    for (const { id, secret } of tokens) expect(isBootstrapToken(`${id}.${secret}`)).toBe(true);
    expect(new Set(tokens.map((t) => t.id + t.secret)).size).toBe(50);
  });

  it.each([
    ['system:bootstrappers:kubeadm:default-node-token', undefined],
    ['system:bootstrappers:worker', undefined],
    ['system:masters', 'bootstrap group "system:masters" is invalid (must match ^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$)'],
    ['system:bootstrappers:', 'bootstrap group "system:bootstrappers:" is invalid (must match ^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$)'],
    ['system:bootstrappers:Upper', 'bootstrap group "system:bootstrappers:Upper" is invalid (must match ^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$)'],
  ])('group %s: %s', (group, problem) => {
    expect(bootstrapGroupProblem(group)).toBe(problem);
  });
});
