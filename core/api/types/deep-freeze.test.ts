import { describe, expect, it } from 'vitest';
import { deepFreeze } from './deep-freeze.ts';

describe('deepFreeze', () => {
  it('freezes every level, also below an object that was frozen already', () => {
    const inner = { list: [{ leaf: 1 }] };
    const value = { shallow: Object.freeze({ inner }) };
    deepFreeze(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(inner)).toBe(true);
    expect(Object.isFrozen(inner.list)).toBe(true);
    expect(Object.isFrozen(inner.list[0])).toBe(true);
  });
});
