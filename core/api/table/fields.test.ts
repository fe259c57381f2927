import { describe, expect, it } from 'vitest';
import { arr, bool, field, keyCount, num, rec, str, strMap, strs } from './fields.ts';

const obj = {
  spec: { replicas: 3, paused: false, name: 'x', list: ['a', 1, 'b'], labels: { a: '1', b: 2 } },
  status: null,
};

describe('field getters', () => {
  it.each([
    ['field', field(obj, 'spec', 'replicas'), 3],
    ['field through null', field(obj, 'status', 'phase'), undefined],
    ['field through array', field(obj, 'spec', 'list', '0'), undefined],
    ['str', str(obj, 'spec', 'name'), 'x'],
    ['str wrong type', str(obj, 'spec', 'replicas'), undefined],
    ['num', num(obj, 'spec', 'replicas'), 3],
    ['num wrong type', num(obj, 'spec', 'name'), undefined],
    ['bool', bool(obj, 'spec', 'paused'), false],
    ['bool missing', bool(obj, 'spec', 'nope'), undefined],
    ['rec missing', rec(obj, 'status'), undefined],
    ['keyCount', keyCount(obj, 'spec', 'labels'), 2],
    ['keyCount missing', keyCount(obj, 'spec', 'data'), 0],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('arr answers [] when missing or not an array', () => {
    expect(arr(obj, 'spec', 'list')).toEqual(['a', 1, 'b']);
    expect(arr(obj, 'spec', 'name')).toEqual([]);
    expect(arr(undefined, 'x')).toEqual([]);
  });

  it('strs and strMap keep only strings', () => {
    expect(strs(obj, 'spec', 'list')).toEqual(['a', 'b']);
    expect(strMap(obj, 'spec', 'labels')).toEqual({ a: '1' });
    expect(strMap(obj, 'spec', 'missing')).toEqual({});
  });
});
