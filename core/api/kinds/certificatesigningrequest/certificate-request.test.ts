import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRequestPem } from '../../../auth/pki/test-fixtures.ts';
import { x509 } from '../../../auth/pki/x509.ts';
import { checkRequestSignature, parseCertificateRequest } from './certificate-request.ts';

/** The PEM with a letter of the subject changed: still a request, but the signature no longer matches. */
function tampered(pem: string, subjectText: string): string {
  const der = Buffer.from(x509.PemConverter.decodeFirst(pem));
  const at = der.indexOf(subjectText) + subjectText.length - 1;
  der[at] = (der[at] ?? 0) ^ 0x01;
  return x509.PemConverter.encode(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength), 'CERTIFICATE REQUEST');
}

describe('parseCertificateRequest', () => {
  let ecPem: string;

  beforeAll(async () => {
    ecPem = await makeRequestPem({ name: 'CN=system:node:n1, O=system:nodes', dnsNames: ['n1.example.com'], ipAddresses: ['10.0.0.1'] });
  });

  it('reads subject and names of a signed request', () => {
    const parsed = parseCertificateRequest(`leading text is skipped\n${ecPem}`);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value).toMatchObject({ commonName: 'system:node:n1', organizations: ['system:nodes'], dnsNames: ['n1.example.com'], ipAddresses: ['10.0.0.1'], emailAddresses: [], uris: [] });
    expect(checkRequestSignature(parsed.value)).toBeUndefined();
  });

  it('checks RSA signatures too', async () => {
    const keys = await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
    const request = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=rsa', keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' } });
    const parsed = parseCertificateRequest(request.toString('pem'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(checkRequestSignature(parsed.value)).toBeUndefined();
    const broken = parseCertificateRequest(tampered(request.toString('pem'), 'rsa'));
    if (!broken.ok) throw new Error(broken.error);
    expect(checkRequestSignature(broken.value)).toBe('crypto/rsa: verification error');
  });

  it('finds a tampered request out', () => {
    const parsed = parseCertificateRequest(tampered(ecPem, 'system:node:n1'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(checkRequestSignature(parsed.value)).toBe('x509: ECDSA verification failure');
  });

  it.each([
    ['no PEM at all', 'hello'],
    ['a certificate instead', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
  ])('refuses %s', (_name, text) => {
    expect(parseCertificateRequest(text)).toEqual({ ok: false, error: 'PEM block type must be CERTIFICATE REQUEST' });
  });

  it('refuses a request that does not parse', () => {
    const parsed = parseCertificateRequest('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n');
    expect(parsed.ok).toBe(false);
  });
});
