import { createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRecord } from '../../../core/index.ts';

/**
 * A service-account key made up for the test (a fresh RSA key, nothing
 * Google issued), written where `options.keyFile` can name it: the provider
 * signs its token request with it exactly as with a real key.
 */
export interface ThrowawayServiceAccount {
  clientEmail: string;
  keyFile: string;
  publicKeyPem: string;
  remove(): Promise<void>;
}

export const TOKEN_URI = 'https://oauth2.googleapis.com/token';

export async function throwawayServiceAccount(project: string): Promise<ThrowawayServiceAccount> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = `kubernel-nodes@${project}.iam.gserviceaccount.com`;
  // The fields of a key file as the IAM console downloads it.
  const key = {
    type: 'service_account',
    project_id: project,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: '104213765108361749032',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: TOKEN_URI,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  };
  const dir = await mkdtemp(join(tmpdir(), 'kubernel-gcp-key-'));
  const keyFile = join(dir, 'key.json');
  await writeFile(keyFile, JSON.stringify(key, null, 2), { mode: 0o600 });
  return {
    clientEmail,
    keyFile,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** the RS256 signature checks out against the given public key */
  signedBy(publicKeyPem: string): boolean;
}

function decodePart(part: string | undefined): Record<string, unknown> {
  const parsed: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  if (!isRecord(parsed)) throw new Error('a JWT part is not a JSON object');
  return parsed;
}

export function decodeJwt(jwt: string): DecodedJwt {
  const [header, claims, signature] = jwt.split('.');
  return {
    header: decodePart(header),
    claims: decodePart(claims),
    signedBy(publicKeyPem) {
      const verify = createVerify('RSA-SHA256');
      verify.update(`${header ?? ''}.${claims ?? ''}`);
      return verify.verify(publicKeyPem, Buffer.from(signature ?? '', 'base64url'));
    },
  };
}
