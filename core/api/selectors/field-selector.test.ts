import { describe, expect, it } from 'vitest';
import { isApiError } from '../errors.ts';
import {
  escapeFieldValue,
  fieldSelectorExactMatch,
  formatFieldSelector,
  matchesFields,
  parseFieldSelector,
  unescapeFieldValue,
  type FieldRequirement,
} from './field-selector.ts';

const eq = (field: string, value: string): FieldRequirement => ({ field, operator: '=', value });
const ne = (field: string, value: string): FieldRequirement => ({ field, operator: '!=', value });

describe('parseFieldSelector', () => {
  it.each<[string, FieldRequirement[]]>([
    ['', []],
    ['a=avalue', [eq('a', 'avalue')]],
    ['metadata.name==web', [eq('metadata.name', 'web')]],
    ['status.phase!=Running', [ne('status.phase', 'Running')]],
    ['a=avalue,b==bvalue,c!=cvalue', [eq('a', 'avalue'), eq('b', 'bvalue'), ne('c', 'cvalue')]],
    ['z=1,a=2', [eq('a', '2'), eq('z', '1')]],
    ['a=a,', [eq('a', 'a')]],
    [',a=a', [eq('a', 'a')]],
    ['spec.nodeName=', [eq('spec.nodeName', '')]],
    ['=', []],
    // Terms are sorted bytewise before parsing, so "k2=…" comes before "k=…".
    ['k=\\,,k2=v2', [eq('k2', 'v2'), eq('k', ',')]],
    ['k=\\\\,k2=v2', [eq('k2', 'v2'), eq('k', '\\')]],
    ['k=\\\\\\,,k2=v2', [eq('k2', 'v2'), eq('k', '\\,')]],
    ['x=a||y\\=b', [eq('x', 'a||y=b')]],
    ['x=a\\=\\=b', [eq('x', 'a==b')]],
    ['함=수,목=록', [eq('목', '록'), eq('함', '수')]],
    ['a!=b=c'.replace('=c', '\\=c'), [ne('a', 'b=c')]],
  ])('%j', (text, expected) => {
    expect(parseFieldSelector(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['k=\\a\\b\\', 'invalid field selector: invalid escape sequence: \\a'],
    ['k=\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j', (text, message) => {
    let caught: unknown;
    try {
      parseFieldSelector(text);
    } catch (error) {
      caught = error;
    }
    expect(isApiError(caught, 'BadRequest')).toBe(true);
    expect(caught instanceof Error ? caught.message : '').toBe(message);
  });
});

describe('matchesFields', () => {
  const pod: Record<string, string> = { 'metadata.name': 'web', 'metadata.namespace': 'default', 'status.phase': 'Running' };
  const fields = (name: string): string | undefined => pod[name];

  it.each<[string, boolean]>([
    ['', true],
    ['metadata.name=web', true],
    ['metadata.name==web', true],
    ['metadata.name=db', false],
    ['metadata.name!=db', true],
    ['metadata.name!=web', false],
    ['metadata.name=web,status.phase=Running', true],
    ['metadata.name=web,status.phase!=Running', false],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
    ['spec.nodeName=node-1', false],
  ])('%j -> %s', (text, expected) => {
    expect(matchesFields(parseFieldSelector(text), fields)).toBe(expected);
  });
});

describe('escaping and printing (Kubernetes TestEscapeValue)', () => {
  it.each<[string, string]>([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('%j <-> %j', (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toBe(raw);
  });

  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b'])('round-trips %j (TestSelectorParse)', (text) => {
    expect(formatFieldSelector(parseFieldSelector(text))).toBe(text);
  });

  it.each<[string, string, string | undefined]>([
    ['metadata.name=web,spec.nodeName!=a', 'metadata.name', 'web'],
    ['metadata.name!=web', 'metadata.name', undefined],
    ['a=b', 'metadata.name', undefined],
  ])('exact match of %j on %s is %j', (text, field, value) => {
    expect(fieldSelectorExactMatch(parseFieldSelector(text), field)).toBe(value);
  });
});
