import { x509 } from './x509.ts';

/** certificates.k8s.io usages that are X.509 key usage bits (authority.keyUsageDict). */
const KEY_USAGE_BITS: Record<string, number> = {
  signing: x509.KeyUsageFlags.digitalSignature,
  'digital signature': x509.KeyUsageFlags.digitalSignature,
  'content commitment': x509.KeyUsageFlags.nonRepudiation,
  'key encipherment': x509.KeyUsageFlags.keyEncipherment,
  'key agreement': x509.KeyUsageFlags.keyAgreement,
  'data encipherment': x509.KeyUsageFlags.dataEncipherment,
  'cert sign': x509.KeyUsageFlags.keyCertSign,
  'crl sign': x509.KeyUsageFlags.cRLSign,
  'encipher only': x509.KeyUsageFlags.encipherOnly,
  'decipher only': x509.KeyUsageFlags.decipherOnly,
};

/** Usages that are extended key usages, in Go's ExtKeyUsage order (the order they are written in). */
const EXTENDED_KEY_USAGES: ReadonlyArray<[string, string]> = [
  ['any', '2.5.29.37.0'],
  ['server auth', '1.3.6.1.5.5.7.3.1'],
  ['client auth', '1.3.6.1.5.5.7.3.2'],
  ['code signing', '1.3.6.1.5.5.7.3.3'],
  ['email protection', '1.3.6.1.5.5.7.3.4'],
  ['s/mime', '1.3.6.1.5.5.7.3.4'],
  ['ipsec end system', '1.3.6.1.5.5.7.3.5'],
  ['ipsec tunnel', '1.3.6.1.5.5.7.3.6'],
  ['ipsec user', '1.3.6.1.5.5.7.3.7'],
  ['timestamping', '1.3.6.1.5.5.7.3.8'],
  ['ocsp signing', '1.3.6.1.5.5.7.3.9'],
  ['microsoft sgc', '1.3.6.1.4.1.311.10.3.3'],
  ['netscape sgc', '2.16.840.1.113730.4.1'],
];

/** keyUsagesFromStrings: the key usage bits and extended key usage OIDs, or the usages it does not know. */
export function keyUsagesFromStrings(usages: readonly string[]): { bits: number; extended: string[] } | { unrecognized: string[] } {
  let bits = 0;
  const unrecognized: string[] = [];
  for (const usage of usages) {
    const bit = KEY_USAGE_BITS[usage];
    if (bit !== undefined) bits |= bit;
    else if (!EXTENDED_KEY_USAGES.some(([name]) => name === usage)) unrecognized.push(usage);
  }
  if (unrecognized.length > 0) return { unrecognized };
  const extended = [...new Set(EXTENDED_KEY_USAGES.filter(([name]) => usages.includes(name)).map(([, oid]) => oid))];
  return { bits, extended };
}
