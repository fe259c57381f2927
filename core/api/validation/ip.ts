/**
 * IP address validation as k8s.io/apimachinery/pkg/util/validation/ip.go does it: Go's
 * lenient parser decides whether the text is an IP at all, then the strict rules of
 * netip.ParseAddr and the canonical-form check produce Kubernetes' messages.
 */

/**
 * validation.IsValidIP: a strictly formatted, canonical IPv4 or IPv6 address
 * (no leading zeros, no IPv4-mapped IPv6, IPv6 in RFC 5952 form).
 */
export function isValidIP(value: string): string[] {
  const sloppy = parseIPSloppy(value);
  if (sloppy === null) return ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
  const errs: string[] = [];
  if (sloppy.leadingZeros) errs.push('must not have leading 0s');
  if (sloppy.bytes.length === 16 && isIPv4Mapped(sloppy.bytes)) errs.push('must not be an IPv4-mapped IPv6 address');
  if (errs.length > 0) return errs;
  const canonical = formatIP(sloppy.bytes);
  if (canonical !== value) errs.push(`must be in canonical form ("${canonical}")`);
  return errs;
}

interface ParsedIP {
  /** 4 bytes for dotted IPv4, 16 for IPv6 */
  bytes: number[];
  /** a decimal octet written with a leading 0, which netip.ParseAddr rejects */
  leadingZeros: boolean;
}

/** netutils.ParseIPSloppy: net.ParseIP of Go 1.16, which still read "010" as decimal 10. */
function parseIPSloppy(text: string): ParsedIP | null {
  // Like Go, the first separator seen decides the family.
  const separator = /[.:]/.exec(text)?.[0];
  if (separator === '.') return parseIPv4(text);
  if (separator === ':') return parseIPv6(text);
  return null;
}

function parseIPv4(text: string): ParsedIP | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  let leadingZeros = false;
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    if (part.length > 1 && part.startsWith('0')) leadingZeros = true;
    bytes.push(n);
  }
  return { bytes, leadingZeros };
}

function parseIPv6(text: string): ParsedIP | null {
  let leadingZeros = false;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string, allowV4Tail: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (const [i, group] of groups.entries()) {
      if (allowV4Tail && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIPv4(group);
        if (v4 === null) return null;
        leadingZeros ||= v4.leadingZeros;
        out.push(((v4.bytes[0] ?? 0) << 8) | (v4.bytes[1] ?? 0), ((v4.bytes[2] ?? 0) << 8) | (v4.bytes[3] ?? 0));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
        out.push(parseInt(group, 16));
      }
    }
    return out;
  };
  let groups: number[];
  if (halves.length === 1) {
    const all = parseGroups(halves[0] ?? '', true);
    if (all === null || all.length !== 8) return null;
    groups = all;
  } else {
    const head = parseGroups(halves[0] ?? '', false);
    const tail = parseGroups(halves[1] ?? '', true);
    // "::" stands for at least one zero group.
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  return { bytes: groups.flatMap((g) => [g >> 8, g & 0xff]), leadingZeros };
}

function isIPv4Mapped(bytes: number[]): boolean {
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** net.IP.String(): dotted IPv4, or RFC 5952 IPv6 (longest run of 2+ zero groups as "::"). */
function formatIP(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (list: number[]): string => list.map((g) => g.toString(16)).join(':');
  if (bestLength < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
