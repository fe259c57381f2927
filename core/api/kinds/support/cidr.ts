import type { FieldError } from '../../errors.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { parseIPBytes } from './checks.ts';

/**
 * validation.IsValidCIDR (k8s.io/apimachinery/pkg/util/validation/ip.go): a strictly
 * written "subnet" CIDR such as 10.244.0.0/24, in canonical form.
 */

export interface ParsedCIDR {
  family: 'IPv4' | 'IPv6';
  /** the network address's bytes, with the host bits cleared */
  network: number[];
  prefix: number;
  /** how ipnet.String() prints it */
  canonical: string;
}

/** Lenient parse, as netutils.ParseCIDRSloppy; undefined when it is no CIDR at all. */
export function parseCIDR(value: string): ParsedCIDR | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const bytes = parseIPBytes(value.slice(0, slash));
  if (bytes === undefined) return undefined;
  const prefix = Number(prefixText);
  const v6Text = value.slice(0, slash).includes(':');
  // An IPv4-mapped IPv6 prefix counts 96 bits for the mapping, as Go's parser does.
  const bits = v6Text ? 128 : 32;
  if (prefix > bits) return undefined;
  const ipv4Prefix = v6Text && bytes.length === 4 ? prefix - 96 : prefix;
  if (ipv4Prefix < 0) return undefined;
  const effective = bytes.length === 4 ? ipv4Prefix : prefix;
  const network = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, effective - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  const family = bytes.length === 4 ? 'IPv4' : 'IPv6';
  return { family, network, prefix: effective, canonical: `${formatIP(network)}/${effective}` };
}

export function isValidCIDR(value: string): string[] {
  const parsed = parseCIDR(value);
  if (parsed === undefined) return ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
  const [address = '', prefixText = ''] = value.split('/');
  if (/(^|[.:])0\d/.test(address.includes(':') ? '' : address) || /^0\d/.test(prefixText)) {
    return ['must not have leading 0s in IP or prefix length'];
  }
  if (address.includes(':') && parsed.family === 'IPv4') return ['must not have an IPv4-mapped IPv6 address'];
  const bytes = parseIPBytes(address) ?? [];
  if (bytes.some((b, i) => b !== parsed.network[i])) return ['must not have bits set beyond the prefix length'];
  if (value !== parsed.canonical) return [`must be in canonical form ("${parsed.canonical}")`];
  return [];
}

export function validateCIDR(value: string, path: string): FieldError[] {
  return isValidCIDR(value).map((msg) => invalidValue(path, value, msg));
}

/** net.IP.String(): dotted quad, or RFC 5952 IPv6 with the longest zero run shortened. */
export function formatIP(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
