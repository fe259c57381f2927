import { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { EC_KEY_ALGORITHM as KEY_ALGORITHM, EC_SIGNING_ALGORITHM as SIGNING_ALGORITHM, privateKeyPem, randomSerial, x509 } from '../auth/pki/x509.ts';

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** The names every API server certificate carries, as kube-apiserver's does. */
const DEFAULT_SANS = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', '127.0.0.1', '::1'];

export interface ServingPki {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * Loads the cluster CA and the API server's serving certificate from
 * `DIR/pki`, creating them on first start. Keys are ECDSA P-256: quick to
 * make and accepted by kubectl and Node alike.
 */
export async function ensureServingPki(dataDir: string, extraSans: string[] = []): Promise<ServingPki> {
  const dir = join(dataDir, 'pki');
  const files = { ca: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'apiserver.crt'), key: join(dir, 'apiserver.key') };
  const existing = await readAll([files.ca, files.cert, files.key]);
  if (existing !== undefined) {
    const [caCertPem, certPem, keyPem] = existing;
    return { caCertPem, certPem, keyPem };
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = new Date();
  const caKeys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=kubernel-ca',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + TEN_YEARS_MS),
    keys: caKeys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const servingKeys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const sans = [...new Set([...DEFAULT_SANS, ...extraSans])];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=kube-apiserver',
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + ONE_YEAR_MS),
    publicKey: servingKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(sans.map((v) => (isIP(v) === 0 ? { type: 'dns' as const, value: v } : { type: 'ip' as const, value: v }))),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pki: ServingPki = {
    caCertPem: ca.toString('pem'),
    certPem: cert.toString('pem'),
    keyPem: await privateKeyPem(servingKeys.privateKey),
  };
  await writeFile(files.caKey, await privateKeyPem(caKeys.privateKey), { mode: 0o600 });
  await writeFile(files.key, pki.keyPem, { mode: 0o600 });
  await writeFile(files.cert, pki.certPem);
  // The CA certificate is written last: its presence marks a complete set.
  await writeFile(files.ca, pki.caCertPem);
  return pki;
}

async function readAll(paths: string[]): Promise<[string, string, string] | undefined> {
  try {
    const [a, b, c] = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
    if (a === undefined || b === undefined || c === undefined) return undefined;
    return [a, b, c];
  } catch {
    return undefined;
  }
}
