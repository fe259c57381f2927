/**
 * A node's client credentials, as kubelet's TLS bootstrap makes and checks
 * them: an EC P-256 key, a PKCS#10 request for `CN=system:node:<name>,
 * O=system:nodes`, and whether a stored certificate can still be used.
 */
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { NODE_USER_PREFIX, SYSTEM_NODES } from '../user-info.ts';
import { EC_KEY_ALGORITHM, EC_SIGNING_ALGORITHM, privateKeyPem, x509 } from './x509.ts';

export interface NodeKeyAndRequest {
  keyPem: string;
  /** PEM of the CERTIFICATE REQUEST */
  requestPem: string;
}

export async function createNodeKeyAndRequest(nodeName: string): Promise<NodeKeyAndRequest> {
  const keys = await webcrypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify']);
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [`${NODE_USER_PREFIX}${nodeName}`] }, { O: [SYSTEM_NODES] }],
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
  });
  return { keyPem: await privateKeyPem(keys.privateKey), requestPem: request.toString('pem') };
}

export interface StoredCertificateCheck {
  certPem: string;
  keyPem: string;
  nodeName: string;
  /** the cluster CA: a certificate it did not sign is of no use */
  caCertPem?: string;
  now: Date;
  /** still valid this long from now; default 1 minute */
  marginMs?: number;
}

/** Why a stored certificate cannot be used, or undefined when it can. */
export async function storedCertificateProblem(check: StoredCertificateCheck): Promise<string | undefined> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(check.certPem);
  } catch {
    return 'the certificate does not parse';
  }
  const commonName = cert.subjectName.getField('CN')[0] ?? '';
  if (commonName !== `${NODE_USER_PREFIX}${check.nodeName}`) return `the certificate is for ${commonName}, not this node`;
  const now = check.now.getTime();
  if (cert.notBefore.getTime() > now) return 'the certificate is not valid yet';
  if (cert.notAfter.getTime() <= now + (check.marginMs ?? 60_000)) return `the certificate expired (or expires) at ${cert.notAfter.toISOString()}`;
  try {
    const fromKey = createPublicKey(createPrivateKey(check.keyPem)).export({ format: 'der', type: 'spki' });
    if (!fromKey.equals(Buffer.from(cert.publicKey.rawData))) return 'the key does not match the certificate';
  } catch {
    return 'the key does not parse';
  }
  if (check.caCertPem !== undefined && check.caCertPem !== '') {
    const ca = new x509.X509Certificate(check.caCertPem);
    if (!(await cert.verify({ publicKey: ca, signatureOnly: true }))) return 'the certificate was not signed by the cluster CA';
  }
  return undefined;
}
