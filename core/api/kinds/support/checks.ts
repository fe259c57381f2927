import type { FieldError } from '../../errors.ts';
import { isRecord } from '../../types/meta.ts';
import { invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIP,
  isValidPortName,
  isValidPortNum,
} from '../../validation/names.ts';
import { FIELD_IMMUTABLE_MESSAGE } from '../../validation/object-meta.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { IntOrString } from './json-shape.ts';

/** Small rules that pkg/apis/core/validation reuses across kinds. */

export const NEGATIVE_MESSAGE = 'must be greater than or equal to 0';
export const NOT_POSITIVE_MESSAGE = 'must be greater than zero';

/** The transport protocols a port may name, sorted as sets.List prints them. */
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalidValue(path, value, msg));
}

export function validateDNS1123Subdomain(value: string, path: string): FieldError[] {
  return isDNS1123Subdomain(value).map((msg) => invalidValue(path, value, msg));
}

export function validateQualifiedName(value: string, path: string): FieldError[] {
  return isQualifiedName(value).map((msg) => invalidValue(path, value, msg));
}

/** ValidateNonnegativeField; an absent field passes. */
export function validateNonnegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalidValue(path, value, NEGATIVE_MESSAGE)] : [];
}

/** A port's protocol: required, and one of TCP, UDP, SCTP. */
export function validateProtocol(protocol: string | undefined, path: string): FieldError[] {
  if (protocol === undefined || protocol === '') return [required(path)];
  return (PORT_PROTOCOLS as readonly string[]).includes(protocol) ? [] : [notSupported(path, protocol, PORT_PROTOCOLS)];
}

export function validatePortNum(port: number, path: string): FieldError[] {
  return isValidPortNum(port).map((msg) => invalidValue(path, port, msg));
}

/** ValidatePortNumOrName: a number in 1-65535 or an IANA service name. */
export function validatePortNumOrName(port: IntOrString, path: string): FieldError[] {
  const problems = typeof port === 'number' ? isValidPortNum(port) : isValidPortName(port);
  return problems.map((msg) => invalidValue(path, port, msg));
}

/**
 * ValidateNonSpecialIP: addresses a Service or endpoint may not point at, because they
 * mean "this host" or are reserved for node-local uses such as metadata services.
 */
export function validateNonSpecialIP(ip: string, path: string): FieldError[] {
  const bytes = parseIPBytes(ip);
  if (bytes === undefined) return [invalidValue(path, ip, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = bytes.length === 4 ? bytes : undefined;
  const allZero = bytes.every((b) => b === 0);
  if (allZero) errs.push(invalidValue(path, ip, `may not be unspecified (${ip})`));
  const loopback = v4 ? v4[0] === 127 : bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
  if (loopback) errs.push(invalidValue(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : bytes[0] === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80;
  if (linkLocal) errs.push(invalidValue(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  const linkLocalMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : bytes[0] === 0xff && ((bytes[1] ?? 0) & 0x0f) === 0x02;
  if (linkLocalMulticast) {
    errs.push(invalidValue(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

/** IsValidIP as field errors. */
export function validateIP(ip: string, path: string): FieldError[] {
  return isValidIP(ip).map((msg) => invalidValue(path, ip, msg));
}

/** The address family of a well-formed IP, or undefined. IPv4-mapped IPv6 counts as IPv4, as in Go. */
export function ipFamilyOf(ip: string): 'IPv4' | 'IPv6' | undefined {
  const bytes = parseIPBytes(ip);
  if (bytes === undefined) return undefined;
  return bytes.length === 4 ? 'IPv4' : 'IPv6';
}

/** Bytes of an IP address (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6); lenient like ParseIPSloppy. */
export function parseIPBytes(text: string): number[] | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    return octets.every((o) => o <= 255) ? octets : undefined;
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPBytes(text.slice(lastColon + 1));
    if (v4 === undefined || v4.length !== 4) return undefined;
    tail = v4;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  if (left === undefined || right === undefined) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...left, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable`. */
export function validateImmutable(now: unknown, before: unknown, path: string): FieldError[] {
  return semanticEqual(now, before) ? [] : [invalidValue(path, now ?? null, FIELD_IMMUTABLE_MESSAGE)];
}

/**
 * apiequality.Semantic.DeepEqual over JSON: like Go's forked DeepEqual, an absent, null,
 * empty list and empty map all compare equal, and so do an absent and an empty string
 * (a Go string field cannot tell them apart).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => semanticEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

/**
 * Equality of two string maps (ConfigMap and Secret data). Unlike struct fields, a map key
 * holding "" is data, so only an absent or null map equals an empty one.
 */
export function stringMapsEqual(a: unknown, b: unknown): boolean {
  const left = isRecord(a) ? a : {};
  const right = isRecord(b) ? b : {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => Object.hasOwn(right, k) && left[k] === right[k]);
}

/** Structural equality of JSON values, key order ignored (stricter than semanticEqual, which also equates absent, null and empty values). */
export { jsonEqual } from '../../types/json-equal.ts';

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.values(value).every(isEmpty);
}

/**
 * The string-valued annotations of an object whose metadata has not been checked yet
 * (validateObjectMeta reports anything malformed; rules reading annotations must not trip on it).
 */
export function annotationsOf(obj: KubeObject): Record<string, string> {
  const meta: unknown = obj.metadata;
  const annotations = isRecord(meta) ? meta['annotations'] : undefined;
  if (!isRecord(annotations)) return {};
  return Object.fromEntries(Object.entries(annotations).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** metadata.namespace, or "" when absent or malformed. */
export function namespaceOf(obj: KubeObject): string {
  const meta: unknown = obj.metadata;
  const namespace = isRecord(meta) ? meta['namespace'] : undefined;
  return typeof namespace === 'string' ? namespace : '';
}
