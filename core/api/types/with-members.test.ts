import { describe, expect, it } from 'vitest';
import { copyToExtend, withMembers } from './with-members.ts';

describe('withMembers', () => {
  it('is the spread: the source members in order, then the new ones, a replaced one in its place', () => {
    const source = { name: 'a', labels: { app: 'x' }, generation: 2 };
    const result = withMembers(source, { generation: 3, uid: 'u' });
    expect(Object.keys(result)).toEqual(['name', 'labels', 'generation', 'uid']);
    expect(result).toEqual({ ...source, generation: 3, uid: 'u' });
    expect(result.labels).toBe(source.labels);
    expect(source).toEqual({ name: 'a', labels: { app: 'x' }, generation: 2 });
  });
});

describe('copyToExtend', () => {
  it('copies the own members, leaving the source as it was when the copy gains more', () => {
    const source: Record<string, unknown> = { name: 'a', generation: 2 };
    const copy = copyToExtend(source);
    copy['uid'] = 'u';
    expect(copy).toEqual({ name: 'a', generation: 2, uid: 'u' });
    expect(source).toEqual({ name: 'a', generation: 2 });
  });

  it('keeps a member named __proto__ a member, as a spread does', () => {
    const source = JSON.parse('{"__proto__":{"polluted":true},"name":"a"}') as Record<string, unknown>;
    const copy = copyToExtend(source);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'name']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
