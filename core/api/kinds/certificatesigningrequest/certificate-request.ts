/**
 * A CSR's spec.request: PEM of a PKCS#10 CERTIFICATE REQUEST, read as
 * Kubernetes' certificates.ParseCSR reads it and with its self-signature
 * checked (CheckSignature), synchronously so that validation can do it.
 */
// @peculiar/x509's dependency injection needs the Reflect polyfill loaded before it.
import 'reflect-metadata';
import { constants, createPublicKey, verify } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { isRecord } from '../../types/meta.ts';

export interface CertificateRequest {
  /** the first CN of the subject, '' without one */
  commonName: string;
  /** every O of the subject */
  organizations: string[];
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
  /** the DER of the request */
  der: Buffer;
  parsed: x509.Pkcs10CertificateRequest;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/;

/** ParseCSR: the first PEM block must be a CERTIFICATE REQUEST that parses. */
export function parseCertificateRequest(pem: Buffer | string): Parsed<CertificateRequest> {
  const block = PEM_BLOCK.exec(typeof pem === 'string' ? pem : pem.toString('latin1'));
  if (block?.[1] !== 'CERTIFICATE REQUEST' || block[2] === undefined) return { ok: false, error: 'PEM block type must be CERTIFICATE REQUEST' };
  // Proc-Type style headers end at an empty line; the body is the rest.
  const body = block[2].includes(':') && /\r?\n\r?\n/.test(block[2]) ? block[2].split(/\r?\n\r?\n/).slice(1).join('') : block[2];
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  let parsed: x509.Pkcs10CertificateRequest;
  try {
    parsed = new x509.Pkcs10CertificateRequest(der);
  } catch (error) {
    return { ok: false, error: `x509: malformed certificate request: ${error instanceof Error ? error.message : String(error)}` };
  }
  const names = parsed.extensions.filter((e): e is x509.SubjectAlternativeNameExtension => e instanceof x509.SubjectAlternativeNameExtension).flatMap((e) => e.names.items);
  const ofType = (type: string): string[] => names.filter((n) => n.type === type).map((n) => n.value);
  return {
    ok: true,
    value: {
      commonName: parsed.subjectName.getField('CN')[0] ?? '',
      organizations: parsed.subjectName.getField('O'),
      dnsNames: ofType('dns'),
      emailAddresses: ofType('email'),
      ipAddresses: ofType('ip'),
      uris: ofType('url'),
      der,
      parsed,
    },
  };
}

const HASHES: Record<string, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** CheckSignature: undefined when the request is signed by its own key, else Go's words for why not. */
export function checkRequestSignature(request: CertificateRequest): string | undefined {
  const tbs = firstElement(request.der);
  if (tbs === undefined) return 'x509: malformed certificate request';
  const { name, hashName } = algorithmOf(request.parsed.signatureAlgorithm);
  const signature = Buffer.from(request.parsed.signature);
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: Buffer.from(request.parsed.publicKey.rawData), format: 'der', type: 'spki' });
  } catch {
    return 'x509: cannot verify signature: unsupported public key';
  }
  const hash = HASHES[hashName];
  try {
    switch (name) {
      case 'ECDSA':
        return hash !== undefined && verify(hash, tbs, { key, dsaEncoding: 'der' }, signature) ? undefined : 'x509: ECDSA verification failure';
      case 'RSASSA-PKCS1-v1_5':
        return hash !== undefined && verify(hash, tbs, key, signature) ? undefined : 'crypto/rsa: verification error';
      case 'RSA-PSS':
        return hash !== undefined && verify(hash, tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature)
          ? undefined
          : 'crypto/rsa: verification error';
      case 'Ed25519':
        return verify(null, tbs, key, signature) ? undefined : 'ed25519: verification error';
      default:
        return 'x509: cannot verify signature: algorithm unimplemented';
    }
  } catch {
    return 'x509: cannot verify signature: algorithm unimplemented';
  }
}

/** The WebCrypto algorithm @peculiar/x509 maps the signature OID to (its type is DOM's, not in our lib). */
function algorithmOf(algorithm: unknown): { name: string; hashName: string } {
  if (!isRecord(algorithm)) return { name: '', hashName: '' };
  const hash = algorithm['hash'];
  return {
    name: typeof algorithm['name'] === 'string' ? algorithm['name'] : '',
    hashName: isRecord(hash) && typeof hash['name'] === 'string' ? hash['name'] : '',
  };
}

/**
 * The first element inside the DER SEQUENCE, with its header: a CSR's
 * CertificationRequestInfo, the bytes its signature covers.
 */
function firstElement(der: Buffer): Buffer | undefined {
  const outer = header(der, 0);
  if (outer === undefined || der[0] !== 0x30) return undefined;
  const inner = header(der, outer.contentAt);
  if (inner === undefined) return undefined;
  const end = inner.contentAt + inner.length;
  return end <= der.length ? der.subarray(outer.contentAt, end) : undefined;
}

function header(der: Buffer, at: number): { contentAt: number; length: number } | undefined {
  const first = der[at + 1];
  if (first === undefined) return undefined;
  if (first < 0x80) return { contentAt: at + 2, length: first };
  const bytes = first & 0x7f;
  if (bytes === 0 || bytes > 4) return undefined;
  let length = 0;
  for (let i = 0; i < bytes; i++) {
    const byte = der[at + 2 + i];
    if (byte === undefined) return undefined;
    length = length * 256 + byte;
  }
  return { contentAt: at + 2 + bytes, length };
}
