import { X509Certificate } from 'node:crypto';

const PEM_BLOCKS = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/**
 * validateCertificate: status.certificate holds one or more CERTIFICATE PEM
 * blocks without headers, each a parseable X.509 certificate. Undefined when
 * acceptable (or empty), else the reason Kubernetes gives.
 */
export function certificatePemProblem(pem: Buffer): string | undefined {
  if (pem.length === 0) return undefined;
  let blocks = 0;
  for (const match of pem.toString('latin1').matchAll(PEM_BLOCKS)) {
    const [, type = '', body = ''] = match;
    if (type !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found "${type}"`;
    if (/^[^\s:]+:/m.test(body)) return 'no PEM block headers are permitted';
    blocks++;
    try {
      new X509Certificate(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
    } catch {
      return 'x509: malformed certificate';
    }
  }
  return blocks === 0 ? 'must contain at least one CERTIFICATE PEM block' : undefined;
}
