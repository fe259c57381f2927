import { describe, expect, it } from 'vitest';
import { GenerationalCache } from './generational-cache.ts';

describe('GenerationalCache', () => {
  it('keeps what was used lately and lets what was not go', () => {
    const cache = new GenerationalCache<string>(4);
    cache.set('a', 'A');
    cache.set('b', 'B');
    // The young generation (2 entries) was full: a and b are now the old one.
    cache.set('c', 'C');
    expect(cache.get('a')).toBe('A');
    // c and a filled the young generation again, which became the old one: b, unused, went.
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBe('C');
    expect(cache.get('a')).toBe('A');
  });

  it('replaces a value, wherever the old one is', () => {
    const cache = new GenerationalCache<number>(4);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    expect(cache.get('a')).toBe(3);
    cache.set('c', 4);
    cache.set('d', 5);
    expect(cache.get('a')).toBe(3);
  });
});
