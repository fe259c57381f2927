import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types/meta.ts';
import { ParsedVersions } from './parsed-versions.ts';

const version = (name: string, rv: string): KubeObject => ({ metadata: { name, resourceVersion: rv } });

describe('ParsedVersions', () => {
  it('gives a version only for its own revision', () => {
    const versions = new ParsedVersions();
    const a = version('a', '3');
    versions.remember('/k/a', 3, a);
    expect(versions.lookup('/k/a', 3)).toBe(a);
    expect(versions.lookup('/k/a', 4)).toBeUndefined();
    expect(versions.lookup('/k/b', 3)).toBeUndefined();
  });

  it('keeps the newest version of a key: an older one parsed late does not replace it', () => {
    const versions = new ParsedVersions();
    const newer = version('a', '5');
    versions.remember('/k/a', 5, newer);
    versions.remember('/k/a', 3, version('a', '3'));
    expect(versions.lookup('/k/a', 5)).toBe(newer);
    expect(versions.lookup('/k/a', 3)).toBeUndefined();
  });

  it('forgets a deleted key, and past its capacity the keys changed longest ago', () => {
    const versions = new ParsedVersions(2);
    versions.remember('/k/a', 1, version('a', '1'));
    versions.remember('/k/b', 2, version('b', '2'));
    versions.forget('/k/a');
    expect(versions.lookup('/k/a', 1)).toBeUndefined();
    versions.remember('/k/c', 3, version('c', '3'));
    versions.remember('/k/d', 4, version('d', '4'));
    expect(versions.lookup('/k/b', 2)).toBeUndefined();
    expect(versions.lookup('/k/c', 3)?.metadata.name).toBe('c');
    expect(versions.lookup('/k/d', 4)?.metadata.name).toBe('d');
  });

  it('freezes what it keeps when asked to, so that changing a shared version throws', () => {
    const frozen = new ParsedVersions(8, true);
    const kept = version('a', '1');
    frozen.remember('/k/a', 1, kept);
    expect(() => {
      kept.metadata.name = 'b';
    }).toThrow(TypeError);
    const plain = new ParsedVersions(8, false);
    const loose = version('a', '1');
    plain.remember('/k/a', 1, loose);
    expect(Object.isFrozen(loose)).toBe(false);
    // The test suite runs with freezing on (vitest.config.ts), so every suite guards the shared versions.
    const suiteDefault = new ParsedVersions();
    const guarded = version('a', '1');
    suiteDefault.remember('/k/a', 1, guarded);
    expect(Object.isFrozen(guarded.metadata)).toBe(true);
  });

  it('takes a written object as it is, and when checking refuses one that differs from what its stored text parses to', () => {
    const checked = new ParsedVersions(8, true);
    const written = { metadata: { name: 'a', resourceVersion: '4' }, spec: { size: 1 } };
    checked.rememberWritten('/k/a', 4, written, '{"metadata":{"name":"a"},"spec":{"size":1}}');
    expect(checked.lookup('/k/a', 4)).toBe(written);
    // An undefined member, or a Date, is gone from the text but would still be in the shared object.
    const withUndefined = { metadata: { name: 'b', resourceVersion: '5' }, spec: { size: 1, note: undefined } };
    expect(() => checked.rememberWritten('/k/b', 5, withUndefined, '{"metadata":{"name":"b"},"spec":{"size":1}}')).toThrow(/not what its stored text parses to/);
    const withDate = { metadata: { name: 'c', resourceVersion: '6' }, spec: { at: new Date(0) } };
    expect(() => checked.rememberWritten('/k/c', 6, withDate, JSON.stringify({ metadata: { name: 'c' }, spec: withDate.spec }))).toThrow(/not what/);
    expect(checked.lookup('/k/b', 5)).toBeUndefined();
    // Unchecked (production), the object is taken without a parse.
    const plain = new ParsedVersions(8, false);
    plain.rememberWritten('/k/b', 5, withUndefined, '{}');
    expect(plain.lookup('/k/b', 5)).toBe(withUndefined);
  });
});
