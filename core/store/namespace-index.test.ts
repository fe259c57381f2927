import { describe, expect, it } from 'vitest';
import { NAMESPACES_PREFIX, NamespaceIndex } from './namespace-index.ts';

const key = `${NAMESPACES_PREFIX}team-a`;

describe('NamespaceIndex', () => {
  it('knows nothing before it is seeded', async () => {
    const index = new NamespaceIndex(async () => true);
    index.observe(key, 3, 'active');
    expect(await index.lookup(key)).toBeUndefined();
    index.markSeeded();
    expect(await index.lookup(key)).toBe('active');
    expect(await index.lookup(`${NAMESPACES_PREFIX}other`)).toBe('absent');
  });

  it('keeps the newest news whatever order it comes in', async () => {
    const index = new NamespaceIndex(async () => true);
    index.markSeeded();
    index.observe(key, 5, 'terminating');
    index.observe(key, 4, 'active');
    expect(await index.lookup(key)).toBe('terminating');
    index.observe(key, 6, 'absent');
    expect(await index.lookup(key)).toBe('absent');
  });

  it.each([
    ['its feed is behind the store', false, 'active', undefined],
    ['the stored value did not parse', true, undefined, undefined],
  ] as const)('sends the caller to the store when %s', async (_, caughtUp, phase, expected) => {
    const index = new NamespaceIndex(async () => caughtUp);
    index.markSeeded();
    index.observe(key, 1, phase);
    expect(await index.lookup(key)).toBe(expected);
  });

  it('forgets everything once invalidated', async () => {
    const index = new NamespaceIndex(async () => true);
    index.markSeeded();
    index.observe(key, 1, 'active');
    index.invalidate();
    expect(await index.lookup(key)).toBeUndefined();
  });

  it.each([
    [`${NAMESPACES_PREFIX}x`, true],
    ['/registry/core/configmaps/x/y', false],
    ['/registry/core/namespacesx', false],
  ])('tells a Namespace key %s: %s', (candidate, expected) => {
    expect(NamespaceIndex.isNamespaceKey(candidate)).toBe(expected);
  });
});
