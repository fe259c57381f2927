import { describe, expect, it } from 'vitest';
import { Lru } from './lru.ts';

describe('Lru', () => {
  it('drops the least recently used entry past a small cap', () => {
    const lru = new Lru<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.peek('b')).toBeUndefined();
    expect(lru.peek('a')).toBe(1);
    expect(lru.peek('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('past a large cap drops the oldest eighth at once, the recently read kept', () => {
    const lru = new Lru<number>(64);
    for (let i = 0; i < 64; i++) lru.set(`k${i}`, i);
    expect(lru.get('k0')).toBe(0);
    lru.set('k64', 64);
    expect(lru.size).toBe(56);
    expect(lru.peek('k0')).toBe(0);
    for (let i = 1; i <= 9; i++) expect(lru.peek(`k${i}`)).toBeUndefined();
    expect(lru.peek('k10')).toBe(10);
    expect(lru.peek('k64')).toBe(64);
  });

  it('peek does not make an entry the newest', () => {
    const lru = new Lru<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.peek('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.peek('a')).toBeUndefined();
  });

  it('never holds more than its cap', () => {
    const lru = new Lru<number>(1000);
    for (let i = 0; i < 10_000; i++) {
      lru.set(`k${i % 3000}`, i);
      expect(lru.size).toBeLessThanOrEqual(1000);
    }
    expect(lru.peek('k999')).toBe(9999);
  });
});
