import { describe, expect, it } from 'vitest';
import { decodedLength, isStdBase64 } from './base64.ts';
import { ipFamilyOf, semanticEqual, stringMapsEqual, validateNonSpecialIP } from './checks.ts';
import { formatIP, isValidCIDR } from './cidr.ts';
import { int, list, parseShape, str, strMap, struct } from './json-shape.ts';

describe('isValidCIDR', () => {
  it.each([
    ['10.244.0.0/16', []],
    ['0.0.0.0/0', []],
    ['fd00:10:244::/64', []],
    ['10.244.1.1/24', ['must not have bits set beyond the prefix length']],
    ['10.244.01.0/24', ['must not have leading 0s in IP or prefix length']],
    ['10.244.0.0', ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['10.0.0.0/33', ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['::ffff:10.0.0.0/104', ['must not have an IPv4-mapped IPv6 address']],
    ['FD00::/8', ['must be in canonical form ("fd00::/8")']],
  ])('%s', (cidr, problems) => {
    expect(isValidCIDR(cidr)).toEqual(problems);
  });
});

describe('IP helpers', () => {
  it.each([
    ['10.0.0.1', 'IPv4'],
    ['2001:db8::1', 'IPv6'],
    ['::ffff:10.0.0.1', 'IPv4'],
    ['10.0.0', undefined],
    ['1::2::3', undefined],
  ])('family of %s', (ip, family) => {
    expect(ipFamilyOf(ip)).toBe(family);
  });

  it('prints IPv6 the way Go does', () => {
    expect(formatIP([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])).toBe('2001:db8::1');
    expect(formatIP([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
  });

  it.each([
    ['0.0.0.0', 'may not be unspecified (0.0.0.0)'],
    ['::1', 'may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ['fe80::1', 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
    ['224.0.0.251', 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
  ])('refuses the special address %s', (ip, message) => {
    expect(validateNonSpecialIP(ip, 'x').map((e) => e.message)).toEqual([`Invalid value: "${ip}": ${message}`]);
  });
});

describe('base64', () => {
  it.each([
    ['', true],
    ['YWJj', true],
    ['YWI=', true],
    ['YQ==', true],
    ['YWJj\nZGVm', true],
    ['YQ', false],
    ['YW J j', false],
    ['YQ==YQ==', false],
  ])('%j is standard base64: %s', (text, ok) => {
    expect(isStdBase64(text)).toBe(ok);
  });

  it('counts decoded bytes', () => {
    expect(decodedLength('YWJjZA==')).toBe(4);
  });
});

describe('semantic equality', () => {
  it('treats absent, null and empty alike, as Go does', () => {
    expect(semanticEqual(undefined, [])).toBe(true);
    expect(semanticEqual({ a: '' }, {})).toBe(true);
    expect(semanticEqual({ a: [1] }, { a: [2] })).toBe(false);
  });

  it('keeps map keys with empty values apart from missing ones', () => {
    expect(stringMapsEqual({ a: '' }, {})).toBe(false);
    expect(stringMapsEqual(undefined, {})).toBe(true);
  });
});

describe('parseShape', () => {
  const shape = struct({ spec: struct({ ports: list(struct({ port: int })).optional(), data: strMap.optional(), name: str.optional() }) });

  it('reports each wrong JSON type at its Kubernetes path', () => {
    const parsed = parseShape(shape, { spec: { ports: [{ port: '80' }], data: { 'a.b': 1 }, name: null } }, '');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { type: 'FieldValueTypeInvalid', field: 'spec.ports[0].port', message: 'Invalid value: "80": must be of type integer' },
      { type: 'FieldValueTypeInvalid', field: 'spec.data[a.b]', message: 'Invalid value: 1: must be of type string' },
    ]);
  });

  it('treats null as absent', () => {
    expect(parseShape(shape, { spec: { ports: null } }, '')).toEqual({ ok: true, value: { spec: {} } });
  });
});
