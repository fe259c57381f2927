import type { FieldError } from '../errors.ts';

/**
 * Builders of field-level validation errors whose `message` is exactly what
 * Kubernetes' field.Error.ErrorBody() renders (k8s.io/apimachinery/pkg/util/validation/field),
 * so `kubectl` shows our 422 responses the way it shows a real API server's.
 */

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** The words ErrorType.String() puts in front of every message. */
const TYPE_WORDS: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Marks "no value to show", like field's private omitValue. */
const OMIT: unique symbol = Symbol('omit-value');

function build(type: FieldErrorType, field: string, value: unknown, detail: string): FieldError {
  let message = TYPE_WORDS[type];
  if (value !== OMIT) message += `: ${formatBadValue(value)}`;
  if (detail.length > 0) message += `: ${detail}`;
  return { type, field, message };
}

export function required(field: string, detail = ''): FieldError {
  return build('FieldValueRequired', field, OMIT, detail);
}

export function invalidValue(field: string, value: unknown, detail: string): FieldError {
  return build('FieldValueInvalid', field, value, detail);
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return build('FieldValueNotSupported', field, value, detail);
}

export function forbidden(field: string, detail: string): FieldError {
  return build('FieldValueForbidden', field, OMIT, detail);
}

export function duplicate(field: string, value: unknown): FieldError {
  return build('FieldValueDuplicate', field, value, '');
}

/** Kubernetes never echoes a too-long value; `_value` is kept for call-site symmetry with Go. */
export function tooLong(field: string, _value: unknown, max: number): FieldError {
  return build('FieldValueTooLong', field, OMIT, `must have at most ${max} bytes`);
}

/** field.TooMany: `Too many: 5: must have at most 3 items`; a negative count or max is left out. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return build('FieldValueTooMany', field, actual >= 0 ? actual : OMIT, detail);
}

export function typeInvalid(field: string, value: unknown, detail: string): FieldError {
  return build('FieldValueTypeInvalid', field, value, detail);
}

export function notFound(field: string, value: unknown): FieldError {
  return build('FieldValueNotFound', field, value, '');
}

export function internalFieldError(field: string, detail: string): FieldError {
  return build('InternalError', field, OMIT, detail);
}

/** field.Error.Error(): `spec.replicas: Invalid value: -1: must be ...`. */
export function fieldErrorToString(error: FieldError): string {
  return `${error.field}: ${error.message}`;
}

// Paths, as field.Path.String() prints them.

export function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

// Go value printing, as ErrorBody() formats BadValue.

/**
 * `%v` for simple types, `%q` for strings, String() for Stringers (a Quantity prints as "1Gi"),
 * `[]string{"a", "b"}` for string lists; other structures fall back to JSON because Go's
 * `%#v` of its own structs (with pointer addresses) cannot be reproduced meaningfully.
 */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return formatGoFloat(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) {
    return `[]string{${value.map(goQuote).join(', ')}}`;
  }
  if (typeof value === 'object' && hasOwnToString(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

function hasOwnToString(value: object): boolean {
  const toString: unknown = Reflect.get(value, 'toString');
  return typeof toString === 'function' && toString !== Object.prototype.toString && !Array.isArray(value);
}

/** Go's `%v` of a float64: shortest digits, exponent form below 1e-4 and from 1e21. */
function formatGoFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa = '', exp = '0'] = n.toExponential().split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 21) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return String(n);
}

const SIMPLE_ESCAPES = new Map([
  ['\x07', '\\a'],
  ['\b', '\\b'],
  ['\f', '\\f'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['\v', '\\v'],
  ['"', '\\"'],
  ['\\', '\\\\'],
]);

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote: Go's double-quoted string with Go escapes, printable Unicode kept as is. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const simple = SIMPLE_ESCAPES.get(ch);
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) out += '\uFFFD';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
