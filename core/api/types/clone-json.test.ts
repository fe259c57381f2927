import { describe, expect, it } from 'vitest';
import { cloneJson } from './clone-json.ts';

describe('cloneJson', () => {
  it('copies nested objects and arrays so that changing the copy leaves the original alone', () => {
    const original = { metadata: { name: 'a', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } };
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    copy.metadata.labels.app = 'y';
    copy.spec.containers[0]!.ports.push({ containerPort: 81 });
    expect(original.metadata.labels.app).toBe('x');
    expect(original.spec.containers[0]!.ports).toHaveLength(1);
  });

  it('gives unfrozen copies of frozen values', () => {
    const frozen = Object.freeze({ list: Object.freeze([Object.freeze({ a: 1 })]) });
    const copy = cloneJson(frozen);
    expect(Object.isFrozen(copy)).toBe(false);
    expect(Object.isFrozen(copy.list)).toBe(false);
    expect(Object.isFrozen(copy.list[0])).toBe(false);
  });

  it('keeps scalars, null, undefined members and array holes as structuredClone does', () => {
    const original = { s: 'x', n: 1.5, b: false, z: null, u: undefined, list: [1, undefined, null] };
    expect(cloneJson(original)).toStrictEqual(structuredClone(original));
    expect(cloneJson(7)).toBe(7);
    expect(cloneJson(null)).toBe(null);
  });

  it('keeps a parsed "__proto__" key as a member, not as the prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('copies values that are not plain objects with structuredClone', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const copy = cloneJson({ at, tags: new Map([['a', 1]]) });
    expect(copy.at).toBeInstanceOf(Date);
    expect(copy.at).not.toBe(at);
    expect(copy.at.getTime()).toBe(at.getTime());
    expect(copy.tags.get('a')).toBe(1);
  });
});
