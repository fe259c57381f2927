import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.ts';

describe('BoundedMemo', () => {
  it('makes a value once per key, and starts over once it holds as many keys as it keeps', () => {
    const made: string[] = [];
    const memo = new BoundedMemo<string, { key: string }>(2, (key) => {
      made.push(key);
      return { key };
    });
    const a = memo.get('a');
    expect(memo.get('a')).toBe(a);
    memo.get('b');
    expect(made).toEqual(['a', 'b']);
    // A third key: the table starts over, so `a` is made anew.
    memo.get('c');
    expect(memo.get('a')).not.toBe(a);
    expect(memo.get('a')).toEqual({ key: 'a' });
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });
});
