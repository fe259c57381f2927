import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificateRequest, type CertificateRequest } from '../../api/kinds/certificatesigningrequest/certificate-request.ts';
import { createCaSigner, signingDuration } from './ca-signer.ts';
import { makeRequestPem, makeTestCa, type TestCa } from './test-fixtures.ts';
import { x509 } from './x509.ts';

const MINUTE = 60_000;
const YEAR = 365 * 24 * 60 * MINUTE;
const now = new Date('2025-01-01T00:00:00Z');

function parsed(pem: string): CertificateRequest {
  const result = parseCertificateRequest(pem);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('createCaSigner', () => {
  let ca: TestCa;
  let request: CertificateRequest;

  beforeAll(async () => {
    ca = await makeTestCa(new Date('2030-01-01T00:00:00Z'));
    request = parsed(await makeRequestPem({ name: 'CN=system:node:n1, O=system:nodes' }));
  });

  it('issues a client certificate for the request that the CA verifies', async () => {
    const sign = await createCaSigner({ ...ca, now: () => now });
    const cert = new x509.X509Certificate(await sign({ request, usages: ['digital signature', 'client auth'] }));
    const caCert = new x509.X509Certificate(ca.caCertPem);
    expect(await cert.verify({ publicKey: caCert, signatureOnly: true })).toBe(true);
    expect(cert.issuer).toBe(caCert.subject);
    expect(cert.subjectName.getField('CN')).toEqual(['system:node:n1']);
    expect(cert.subjectName.getField('O')).toEqual(['system:nodes']);
    expect(Buffer.from(cert.publicKey.rawData).equals(Buffer.from(request.parsed.publicKey.rawData))).toBe(true);
    expect(cert.notBefore.getTime()).toBe(now.getTime() - 5 * MINUTE);
    expect(cert.notAfter.getTime()).toBe(now.getTime() + YEAR - 5 * MINUTE);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
  });

  it('honours spec.expirationSeconds, without backdating the end of a short certificate', async () => {
    const sign = await createCaSigner({ ...ca, now: () => now });
    const cert = new x509.X509Certificate(await sign({ request, usages: ['client auth'], expirationSeconds: 3600 }));
    expect(cert.notAfter.getTime()).toBe(now.getTime() + 60 * MINUTE);
  });

  it('never signs beyond the CA, nor after it expired', async () => {
    const late = new Date('2029-12-01T00:00:00Z');
    const sign = await createCaSigner({ ...ca, now: () => late });
    const cert = new x509.X509Certificate(await sign({ request, usages: ['client auth'] }));
    expect(cert.notAfter.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    const expired = await createCaSigner({ ...ca, now: () => new Date('2031-01-01T00:00:00Z') });
    await expect(expired({ request, usages: ['client auth'] })).rejects.toThrow('refusing to sign a certificate that expired in the past');
  });

  it('refuses usages it does not know', async () => {
    const sign = await createCaSigner({ ...ca, now: () => now });
    await expect(sign({ request, usages: ['client auth', 'world domination'] })).rejects.toThrow('unrecognized usage values: ["world domination"]');
  });
});

describe('signingDuration', () => {
  it.each<[number | undefined, number]>([
    [undefined, YEAR],
    [3600, 3_600_000],
    [60, 10 * MINUTE],
    [10 * 365 * 86_400, YEAR],
  ])('expirationSeconds %s → %s ms', (seconds, ms) => {
    expect(signingDuration(YEAR, seconds)).toBe(ms);
  });
});
