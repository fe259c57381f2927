import { describe, expect, it } from 'vitest';
import type { FieldError } from '../errors.ts';
import {
  child,
  duplicate,
  fieldErrorToString,
  forbidden,
  formatBadValue,
  goQuote,
  index,
  internalFieldError,
  invalidValue,
  key,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
} from './field-errors.ts';

describe('field error builders (field.Error.ErrorBody)', () => {
  it.each<[string, FieldError, FieldError]>([
    ['required', required('metadata.name'), { type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value' }],
    [
      'required with detail',
      required('metadata.name', 'name or generateName is required'),
      { type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
    ],
    [
      'invalid string',
      invalidValue('metadata.name', 'abc', 'bad'),
      { type: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "abc": bad' },
    ],
    [
      'invalid number',
      invalidValue('spec.replicas', -1, 'must be greater than or equal to 0'),
      { type: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
    ],
    [
      'not supported',
      notSupported('spec.restartPolicy', 'x', ['Always', 'OnFailure', 'Never']),
      {
        type: 'FieldValueNotSupported',
        field: 'spec.restartPolicy',
        message: 'Unsupported value: "x": supported values: "Always", "OnFailure", "Never"',
      },
    ],
    [
      'not supported without a list',
      notSupported('spec.x', 'x', []),
      { type: 'FieldValueNotSupported', field: 'spec.x', message: 'Unsupported value: "x"' },
    ],
    [
      'forbidden',
      forbidden('metadata.namespace', 'not allowed on this type'),
      { type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' },
    ],
    [
      'duplicate',
      duplicate('spec.containers[1].name', 'x'),
      { type: 'FieldValueDuplicate', field: 'spec.containers[1].name', message: 'Duplicate value: "x"' },
    ],
    [
      'too long never shows the value',
      tooLong('metadata.annotations', 'huge', 262144),
      { type: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' },
    ],
    [
      'too many',
      tooMany('spec.items', 5, 3),
      { type: 'FieldValueTooMany', field: 'spec.items', message: 'Too many: 5: must have at most 3 items' },
    ],
    [
      'type invalid',
      typeInvalid('spec.replicas', 'three', 'must be of type integer'),
      { type: 'FieldValueTypeInvalid', field: 'spec.replicas', message: 'Invalid value: "three": must be of type integer' },
    ],
    ['not found', notFound('spec.x', 'y'), { type: 'FieldValueNotFound', field: 'spec.x', message: 'Not found: "y"' }],
    ['internal', internalFieldError('spec', 'boom'), { type: 'InternalError', field: 'spec', message: 'Internal error: boom' }],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('renders field.Error.Error()', () => {
    expect(fieldErrorToString(invalidValue('spec.replicas', -1, 'must be greater than or equal to 0'))).toBe(
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});

describe('formatBadValue prints values like Go', () => {
  it.each<[string, unknown, string]>([
    ['string', 'abc', '"abc"'],
    ['escapes', 'a"b\\c\n\t', '"a\\"b\\\\c\\n\\t"'],
    ['control characters', '\u0001\u007f', '"\\x01\\x7f"'],
    ['printable unicode', 'rā', '"rā"'],
    ['non-printable unicode', '\u200b', '"\\u200b"'],
    ['integer', 42, '42'],
    ['negative', -1, '-1'],
    ['float', 1.5, '1.5'],
    ['tiny float', 0.00001, '1e-05'],
    ['huge float', 1e21, '1e+21'],
    ['boolean', true, 'true'],
    ['bigint', 10n, '10'],
    ['null', null, 'null'],
    ['undefined', undefined, 'null'],
    ['string list', ['a', 'b'], '[]string{"a", "b"}'],
    ['empty list', [], '[]string{}'],
    ['Stringer', { toString: () => '1Gi' }, '1Gi'],
    ['other objects as JSON', { a: 1 }, '{"a":1}'],
  ])('%s', (_name, value, printed) => {
    expect(formatBadValue(value)).toBe(printed);
  });

  it('goQuote quotes like strconv.Quote', () => {
    expect(goQuote('say "hi"')).toBe('"say \\"hi\\""');
  });
});

describe('path helpers (field.Path.String)', () => {
  it.each<[string, string]>([
    [child('metadata', 'name'), 'metadata.name'],
    [child('', 'spec'), 'spec'],
    [index(child('spec', 'containers'), 0), 'spec.containers[0]'],
    [child(index(child('spec', 'containers'), 2), 'image'), 'spec.containers[2].image'],
    [key(child('metadata', 'labels'), 'app'), 'metadata.labels[app]'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
