import { describe, expect, it } from 'vitest';
import { AbsentOwnerCache } from './absent-owner-cache.ts';

describe('AbsentOwnerCache', () => {
  it('remembers absent owners up to its capacity, least recently used out first', () => {
    const cache = new AbsentOwnerCache(2);
    cache.add('a');
    cache.add('b');
    expect(cache.has('a')).toBe(true);
    cache.add('c');
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('c')).toBe(true);
    expect(cache.size).toBe(2);
  });
});
