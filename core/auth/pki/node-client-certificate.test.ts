import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificateRequest } from '../../api/kinds/certificatesigningrequest/certificate-request.ts';
import { createCaSigner } from './ca-signer.ts';
import { createNodeKeyAndRequest, storedCertificateProblem } from './node-client-certificate.ts';
import { makeTestCa, type TestCa } from './test-fixtures.ts';

const now = new Date();

describe('node client certificates', () => {
  let ca: TestCa;
  let keyPem: string;
  let certPem: string;

  beforeAll(async () => {
    ca = await makeTestCa();
    const made = await createNodeKeyAndRequest('n1');
    keyPem = made.keyPem;
    const request = parseCertificateRequest(made.requestPem);
    if (!request.ok) throw new Error(request.error);
    expect(request.value.commonName).toBe('system:node:n1');
    expect(request.value.organizations).toEqual(['system:nodes']);
    certPem = await (await createCaSigner(ca))({ request: request.value, usages: ['digital signature', 'client auth'], expirationSeconds: 3600 });
  });

  it('accepts a stored certificate of this node, its key and the cluster CA', async () => {
    expect(await storedCertificateProblem({ certPem, keyPem, nodeName: 'n1', caCertPem: ca.caCertPem, now })).toBeUndefined();
  });

  it.each<[string, () => Promise<Parameters<typeof storedCertificateProblem>[0]>, string]>([
    ['another node', async () => ({ certPem, keyPem, nodeName: 'n2', now }), 'the certificate is for system:node:n1, not this node'],
    ['an expiring certificate', async () => ({ certPem, keyPem, nodeName: 'n1', now: new Date(now.getTime() + 3_590_000) }), 'the certificate expired (or expires) at'],
    ['another key', async () => ({ certPem, keyPem: (await createNodeKeyAndRequest('n1')).keyPem, nodeName: 'n1', now }), 'the key does not match the certificate'],
    ['another CA', async () => ({ certPem, keyPem, nodeName: 'n1', caCertPem: (await makeTestCa()).caCertPem, now }), 'the certificate was not signed by the cluster CA'],
    ['garbage', async () => ({ certPem: 'nope', keyPem, nodeName: 'n1', now }), 'the certificate does not parse'],
  ])('refuses %s', async (_name, check, problem) => {
    expect(await storedCertificateProblem(await check())).toContain(problem);
  });
});
