import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec } from '../replicaset/objects.ts';
import { computeTemplateHash, equalIgnoreHash, fnv32a, safeEncodeString } from './template-hash.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const template = (image: string, extra: Record<string, string> = {}): PodTemplateSpec => ({
  metadata: { labels: { app: 'nginx', ...extra } },
  spec: { containers: [{ name: 'nginx', image }] },
});

describe('fnv32a', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('of %j is the FNV-1a reference value', (text, hash) => {
    expect(fnv32a(bytes(text))).toBe(hash);
  });
});

describe('safeEncodeString', () => {
  it('maps each character into the alphabet without vowels', () => {
    // '0' is 48 and 48 % 27 = 21: the 22nd letter, '4'; '9' is 57, 57 % 27 = 3: 'f'.
    expect(safeEncodeString('0129')).toBe('456f');
    expect(safeEncodeString('4294967295')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });
});

describe('computeTemplateHash', () => {
  it('is stable, short and safe, and changes with the template and the collision count', () => {
    const hash = computeTemplateHash(template('nginx:1.14.2'));
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeTemplateHash(template('nginx:1.14.2'))).toBe(hash);
    expect(computeTemplateHash(template('nginx:1.16.1'))).not.toBe(hash);
    expect(computeTemplateHash(template('nginx:1.14.2'), 1)).not.toBe(hash);
    expect(computeTemplateHash(template('nginx:1.14.2'), 1)).not.toBe(computeTemplateHash(template('nginx:1.14.2'), 2));
  });

  it('ignores key order and empty values, as a template read back from the API has them', () => {
    const a: PodTemplateSpec = { metadata: { labels: { b: '2', a: '1' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    const b = { spec: { volumes: [], containers: [{ image: 'x', name: 'c' }] }, metadata: { annotations: {}, labels: { a: '1', b: '2' } } };
    expect(computeTemplateHash(a)).toBe(computeTemplateHash(b));
  });
});

describe('equalIgnoreHash', () => {
  it.each([
    [template('x'), template('x', { 'pod-template-hash': 'abc' }), true],
    [template('x', { 'pod-template-hash': 'a' }), template('x', { 'pod-template-hash': 'b' }), true],
    [template('x'), template('y'), false],
    [template('x'), template('x', { tier: 'web' }), false],
  ])('%j vs %j: %s', (a, b, equal) => {
    expect(equalIgnoreHash(a, b)).toBe(equal);
  });
});
