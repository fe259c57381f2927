import { describe, expect, it } from 'vitest';
import { len, num, timestamp } from './test-encoder.ts';
import { decodeSpecial, goDuration } from './values.ts';
import { ProtobufError } from './wire.ts';

const u8 = (bytes: number[]): Uint8Array => Uint8Array.from(bytes);

describe('goDuration prints as Go time.Duration.String()', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1_500n, '1.5µs'],
    [1_500_000n, '1.5ms'],
    [1_000_000_000n, '1s'],
    [90_000_000_000n, '1m30s'],
    [120_000_000_000n, '2m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_500_000_000n, '1h2m3.5s'],
    [-2_000_000_000n, '-2s'],
  ])('%s ns is %s', (nanos, text) => {
    expect(goDuration(nanos)).toBe(text);
  });
});

describe('decodeSpecial', () => {
  it.each([
    ['time drops the nanoseconds', 'time', timestamp(1_700_000_000, 999_999_999), '2023-11-14T22:13:20Z'],
    ['the zero time is null', 'time', [], null],
    ['a time sent as seconds 0 is the epoch', 'time', num(2, 0), '1970-01-01T00:00:00Z'],
    ['microTime keeps six digits, truncated', 'microTime', timestamp(1_700_000_000, 1_999), '2023-11-14T22:13:20.000001Z'],
    ['the zero microTime is null', 'microTime', [], null],
    ['duration', 'duration', num(1, 90_000_000_000), '1m30s'],
    ['quantity', 'quantity', len(1, '250m'), '250m'],
    ['intOrString as an int', 'intOrString', [...num(1, 0), ...num(2, 8080)], 8080],
    ['intOrString as a string', 'intOrString', [...num(1, 1), ...len(3, 'http')], 'http'],
    ['an empty intOrString is 0', 'intOrString', [], 0],
    ['rawExtension is the embedded JSON', 'rawExtension', len(1, '{"a":[1]}'), { a: [1] }],
    ['fieldsV1 is the embedded JSON', 'fieldsV1', len(1, '{"f:spec":{}}'), { 'f:spec': {} }],
  ] as const)('%s', (_what, kind, bytes, expected) => {
    expect(decodeSpecial(kind, u8([...bytes]))).toEqual(expected);
  });

  it('refuses a rawExtension that is not JSON', () => {
    expect(() => decodeSpecial('rawExtension', u8(len(1, '{nope')))).toThrow(ProtobufError);
  });
});
