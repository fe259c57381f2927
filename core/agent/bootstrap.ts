/**
 * The agent's TLS bootstrap, as kubelet's: with a bootstrap token it makes
 * an EC P-256 key, asks for a client certificate with a
 * CertificateSigningRequest (`CN=system:node:<name>, O=system:nodes`, signer
 * kubernetes.io/kube-apiserver-client-kubelet), waits for the control plane
 * to approve and sign it, and keeps key and certificate in
 * `<data-dir>/pki/node.{key,crt}`. From then on the certificate is its
 * identity; a restart with a usable stored certificate skips the bootstrap,
 * so an expired or deleted bootstrap token no longer matters.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.ts';
import { csrConditions, hasTrueCondition, issuedCertificate, KUBE_APISERVER_CLIENT_KUBELET_SIGNER } from '../api/kinds/certificatesigningrequest/csr-fields.ts';
import type { KubeObject } from '../api/types/meta.ts';
import { isBootstrapToken } from '../auth/bootstrap-token/token-format.ts';
import { createNodeKeyAndRequest, storedCertificateProblem } from '../auth/pki/node-client-certificate.ts';
import type { ApiClient } from '../client/api-client.ts';
import { createHttpApiClient } from '../client/http-client.ts';
import { Resources } from '../client/resources.ts';

/** How the agent authenticates to the API server. */
export type ApiCredentials = { token: string } | { cert: string; key: string };

export interface NodeCredentialsOptions {
  server: string;
  /** PEM of the cluster CA; '' to trust the system's CAs */
  caCertPem: string;
  nodeName: string;
  /** the agent's directory; the node's key and certificate live in its `pki/` */
  dataDir: string;
  /** `--token`: a static token, or a bootstrap token (`abcdef.0123456789abcdef`) */
  token?: string;
  /** `--bootstrap-token` */
  bootstrapToken?: string;
  logger: Logger;
  /** how long to wait for the signed certificate (kubelet: 1 hour) */
  timeoutMs?: number;
  userAgent?: string;
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 3_600_000;
const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 5_000;

/** The files a node's credentials are kept in. */
export function nodeCredentialFiles(dataDir: string): { dir: string; key: string; cert: string } {
  const dir = join(dataDir, 'pki');
  return { dir, key: join(dir, 'node.key'), cert: join(dir, 'node.crt') };
}

/**
 * The credentials to run with: a static token as it is; for a bootstrap
 * token the stored client certificate when it is still good, else a new one.
 */
export async function nodeApiCredentials(options: NodeCredentialsOptions): Promise<ApiCredentials> {
  const bootstrapToken = options.bootstrapToken ?? (options.token !== undefined && isBootstrapToken(options.token) ? options.token : undefined);
  if (bootstrapToken === undefined) {
    if (options.token === undefined) throw new Error('a token or a bootstrap token is required');
    return { token: options.token };
  }
  const stored = await readStoredCertificate(options);
  if (stored !== undefined) return stored;
  return bootstrapClientCertificate({ ...options, bootstrapToken });
}

/** Requests a new client certificate with the bootstrap token and stores it. */
export async function bootstrapClientCertificate(options: NodeCredentialsOptions & { bootstrapToken: string }): Promise<{ cert: string; key: string }> {
  const { keyPem, requestPem } = await createNodeKeyAndRequest(options.nodeName);
  const client = createHttpApiClient({
    server: options.server,
    token: options.bootstrapToken,
    ...(options.caCertPem === '' ? {} : { ca: options.caCertPem }),
    userAgent: options.userAgent ?? `kubernel-agent/${options.nodeName}`,
  });
  try {
    const csr = await client.create(Resources.certificateSigningRequests, {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { generateName: 'node-csr-' },
      spec: {
        request: Buffer.from(requestPem, 'utf8').toString('base64'),
        signerName: KUBE_APISERVER_CLIENT_KUBELET_SIGNER,
        // An EC key: no key encipherment, as kubelet asks for non-RSA keys.
        usages: ['digital signature', 'client auth'],
      },
    });
    const name = csr.metadata.name ?? '';
    options.logger.info({ csr: name }, 'waiting for the client certificate to be approved and issued');
    const certPem = await waitForCertificate(client, name, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    await storeCredentials(options.dataDir, certPem, keyPem);
    options.logger.info({ csr: name }, 'client certificate issued; the bootstrap token is no longer needed');
    return { cert: certPem, key: keyPem };
  } finally {
    client.close();
  }
}

async function readStoredCertificate(options: NodeCredentialsOptions): Promise<{ cert: string; key: string } | undefined> {
  const files = nodeCredentialFiles(options.dataDir);
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([readFile(files.cert, 'utf8'), readFile(files.key, 'utf8')]);
  } catch {
    return undefined;
  }
  const problem = await storedCertificateProblem({
    certPem: cert,
    keyPem: key,
    nodeName: options.nodeName,
    caCertPem: options.caCertPem,
    now: options.now?.() ?? new Date(),
  });
  if (problem === undefined) return { cert, key };
  options.logger.info({ file: files.cert }, `not using the stored client certificate: ${problem}`);
  return undefined;
}

/** Polls the request with backoff until it carries a certificate, or says it never will. */
async function waitForCertificate(client: ApiClient, name: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
    let csr: KubeObject | undefined;
    try {
      csr = await client.get(Resources.certificateSigningRequests, undefined, name);
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
      throw new Error(`certificate signing request ${name} was deleted before a certificate was issued`);
    }
    const refusal = refusalOf(csr);
    if (refusal !== undefined) throw new Error(`certificate signing request ${name} ${refusal}`);
    const certificate = issuedCertificate(csr);
    if (certificate !== '') return Buffer.from(certificate, 'base64').toString('utf8');
    if (Date.now() + delay > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for certificate signing request ${name} to be approved and issued`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function refusalOf(csr: KubeObject): string | undefined {
  for (const type of ['Denied', 'Failed'] as const) {
    if (!hasTrueCondition(csr, type)) continue;
    const condition = csrConditions(csr).find((c) => c.type === type);
    return `was ${type.toLowerCase()}: ${condition?.reason ?? ''} ${condition?.message ?? ''}`.trim();
  }
  return undefined;
}

/** Key first, then the certificate, each written whole (rename) with mode 0600. */
async function storeCredentials(dataDir: string, certPem: string, keyPem: string): Promise<void> {
  const files = nodeCredentialFiles(dataDir);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  for (const [file, content] of [[files.key, keyPem], [files.cert, certPem]] as const) {
    await writeFile(`${file}.tmp`, content, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }
}
