import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCertificateRequest } from '../api/kinds/certificatesigningrequest/certificate-request.ts';
import { createCaSigner } from '../auth/pki/ca-signer.ts';
import { createNodeKeyAndRequest } from '../auth/pki/node-client-certificate.ts';
import { makeTestCa } from '../auth/pki/test-fixtures.ts';
import { nodeApiCredentials, nodeCredentialFiles } from './bootstrap.ts';

const logger = pino({ level: 'silent' });
/** nothing listens there: a test that reaches the server fails */
const NOWHERE = 'https://127.0.0.1:1';

describe('nodeApiCredentials', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kubernel-bootstrap-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses a static token as it is', async () => {
    expect(await nodeApiCredentials({ server: NOWHERE, caCertPem: '', nodeName: 'n1', dataDir, token: 'the-admin-token', logger })).toEqual({ token: 'the-admin-token' });
  });

  it('reuses a stored certificate instead of bootstrapping again', async () => {
    const ca = await makeTestCa();
    const { keyPem, requestPem } = await createNodeKeyAndRequest('n1');
    const request = parseCertificateRequest(requestPem);
    if (!request.ok) throw new Error(request.error);
    const certPem = await (await createCaSigner(ca))({ request: request.value, usages: ['digital signature', 'client auth'] });
    const files = nodeCredentialFiles(dataDir);
    await mkdir(files.dir, { recursive: true });
    await writeFile(files.key, keyPem);
    await writeFile(files.cert, certPem);
    const options = { server: NOWHERE, caCertPem: ca.caCertPem, nodeName: 'n1', dataDir, logger };
    expect(await nodeApiCredentials({ ...options, token: 'abcdef.0123456789abcdef' })).toEqual({ cert: certPem, key: keyPem });
    expect(await nodeApiCredentials({ ...options, bootstrapToken: 'abcdef.0123456789abcdef' })).toEqual({ cert: certPem, key: keyPem });
    // Another node's name: the stored certificate is not this node's, so it bootstraps (and fails to reach the server).
    await expect(nodeApiCredentials({ ...options, nodeName: 'n2', token: 'abcdef.0123456789abcdef' })).rejects.toThrow();
  });

  it('asks the API server for a certificate when it has none', async () => {
    await expect(nodeApiCredentials({ server: NOWHERE, caCertPem: '', nodeName: 'n1', dataDir, token: 'abcdef.0123456789abcdef', logger, timeoutMs: 1000 })).rejects.toThrow(/127\.0\.0\.1:1|ECONNREFUSED|connect/);
  });

  it('needs some token', async () => {
    await expect(nodeApiCredentials({ server: NOWHERE, caCertPem: '', nodeName: 'n1', dataDir, logger })).rejects.toThrow('a token or a bootstrap token is required');
  });
});
