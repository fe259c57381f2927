/**
 * The cluster CA as kube-controller-manager's local signer uses it
 * (--cluster-signing-cert-file/--cluster-signing-key-file): an approved
 * request becomes a certificate for the request's subject and key, with the
 * usages asked for, valid from 5 minutes ago for the requested duration
 * (at most the signer's), never beyond the CA's own expiry.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateRequest } from '../../api/kinds/certificatesigningrequest/certificate-request.ts';
import { keyUsagesFromStrings } from './key-usages.ts';
import { EC_SIGNING_ALGORITHM, importEcPrivateKey, randomSerial, x509 } from './x509.ts';

export interface SigningRequest {
  request: CertificateRequest;
  usages: readonly string[];
  /** spec.expirationSeconds */
  expirationSeconds?: number;
}

/** Signs a request; resolves to the certificate's PEM. */
export type CertificateSigner = (request: SigningRequest) => Promise<string>;

export interface CaSignerOptions {
  caCertPem: string;
  /** PKCS#8 PEM of the CA's EC P-256 key */
  caKeyPem: string;
  /** --cluster-signing-duration: 1 year */
  maxTtlMs?: number;
  now?: () => Date;
}

const MINUTE = 60_000;
const ONE_YEAR_MS = 365 * 24 * 60 * MINUTE;
const BACKDATE_MS = 5 * MINUTE;
/** 5 minutes of backdating is roughly 1% of 8 hours: shorter certificates keep their full end time */
const SHORT_MS = 8 * 60 * MINUTE;
/** a requested duration below twice the backdate is raised to it */
const MIN_TTL_MS = 10 * MINUTE;

export async function createCaSigner(options: CaSignerOptions): Promise<CertificateSigner> {
  const ca = new x509.X509Certificate(options.caCertPem);
  const caKey = await importEcPrivateKey(options.caKeyPem);
  const caKeyId = ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const maxTtlMs = options.maxTtlMs ?? ONE_YEAR_MS;
  const now = options.now ?? (() => new Date());
  return async ({ request, usages, expirationSeconds }) => {
    const keyUsages = keyUsagesFromStrings(usages);
    if ('unrecognized' in keyUsages) throw new Error(`unrecognized usage values: ${JSON.stringify(keyUsages.unrecognized)}`);
    const at = now().getTime();
    const ttl = signingDuration(maxTtlMs, expirationSeconds);
    const notBefore = at - BACKDATE_MS;
    let notAfter = ttl < SHORT_MS ? at + ttl : at + ttl - BACKDATE_MS;
    const caNotAfter = ca.notAfter.getTime();
    if (notAfter >= caNotAfter) notAfter = caNotAfter;
    if (at >= caNotAfter) throw new Error(`refusing to sign a certificate that expired in the past: NotAfter=${ca.notAfter.toISOString()}`);
    const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(false, undefined, true)];
    if (keyUsages.bits !== 0) extensions.push(new x509.KeyUsagesExtension(keyUsages.bits, true));
    if (keyUsages.extended.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(keyUsages.extended));
    // The request's subject alternative names are forwarded as they are.
    extensions.push(...request.parsed.extensions.filter((e) => e instanceof x509.SubjectAlternativeNameExtension));
    if (caKeyId !== undefined) extensions.push(new x509.AuthorityKeyIdentifierExtension(caKeyId));
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: request.parsed.subjectName,
      issuer: ca.subjectName,
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
      publicKey: request.parsed.publicKey,
      signingKey: caKey,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions,
    });
    return certificate.toString('pem');
  };
}

/** The signer of DIR/pki, where ensureServingPki keeps the cluster CA (ca.crt, ca.key). */
export async function loadClusterCaSigner(dataDir: string, options: Omit<CaSignerOptions, 'caCertPem' | 'caKeyPem'> = {}): Promise<CertificateSigner> {
  const dir = join(dataDir, 'pki');
  const [caCertPem, caKeyPem] = await Promise.all([readFile(join(dir, 'ca.crt'), 'utf8'), readFile(join(dir, 'ca.key'), 'utf8')]);
  return createCaSigner({ ...options, caCertPem, caKeyPem });
}

/** signer.duration: the requested duration within [10 minutes, the signer's maximum]. */
export function signingDuration(maxTtlMs: number, expirationSeconds: number | undefined): number {
  if (expirationSeconds === undefined) return maxTtlMs;
  const requested = expirationSeconds * 1000;
  if (requested > maxTtlMs) return maxTtlMs;
  return Math.max(requested, MIN_TTL_MS);
}
