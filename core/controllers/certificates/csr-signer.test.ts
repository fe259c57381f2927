import { beforeAll, describe, expect, it } from 'vitest';
import { createCaSigner, type CertificateSigner } from '../../auth/pki/ca-signer.ts';
import { APPROVED, csrObject, makeRequestPem, makeTestCa, type CsrObjectOptions, type TestCa } from '../../auth/pki/test-fixtures.ts';
import { x509 } from '../../auth/pki/x509.ts';
import { RecordingClient } from '../../auth/recording-client.ts';
import { isRecord } from '../../api/types/meta.ts';
import { IndexedCache } from '../framework/indexed-cache.ts';
import { CsrSigningReconciler } from './csr-signer.ts';

const now = new Date('2025-03-01T00:00:00Z');
let ca: TestCa;
let sign: CertificateSigner;
let nodeRequest: string;
let dnsRequest: string;

beforeAll(async () => {
  ca = await makeTestCa(new Date('2035-01-01T00:00:00Z'));
  sign = await createCaSigner({ ...ca, now: () => now });
  nodeRequest = await makeRequestPem({ name: 'CN=system:node:n1, O=system:nodes' });
  dnsRequest = await makeRequestPem({ name: 'CN=system:node:n1, O=system:nodes', dnsNames: ['n1'] });
});

async function reconcile(options: CsrObjectOptions): Promise<RecordingClient> {
  const client = new RecordingClient();
  const cache = new IndexedCache();
  cache.upsert(csrObject(options));
  await new CsrSigningReconciler(client, cache, { sign, now: () => now }).reconcile('node-csr-test');
  return client;
}

function statusOf(client: RecordingClient): Record<string, unknown> {
  const status = client.updates[0]?.object['status'];
  return isRecord(status) ? status : {};
}

describe('CsrSigningReconciler', () => {
  it('issues an approved kubelet client request, signed by the cluster CA', async () => {
    const client = await reconcile({ requestPem: nodeRequest, conditions: [APPROVED] });
    expect(client.updates[0]?.options).toEqual({ subresource: 'status' });
    const pem = Buffer.from(String(statusOf(client)['certificate']), 'base64').toString('utf8');
    const cert = new x509.X509Certificate(pem);
    expect(await cert.verify({ publicKey: new x509.X509Certificate(ca.caCertPem), signatureOnly: true })).toBe(true);
    expect(cert.subject).toBe('CN=system:node:n1, O=system:nodes');
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual(['1.3.6.1.5.5.7.3.2']);
    // One year, less the five minutes it is backdated by.
    expect(cert.notAfter.getTime() - now.getTime()).toBe(365 * 86_400_000 - 300_000);
  });

  it('signs for spec.expirationSeconds when asked for less', async () => {
    const client = await reconcile({ requestPem: nodeRequest, conditions: [APPROVED], expirationSeconds: 86_400 });
    const cert = new x509.X509Certificate(Buffer.from(String(statusOf(client)['certificate']), 'base64').toString('utf8'));
    expect(cert.notAfter.getTime() - now.getTime()).toBe(86_400_000 - 300_000);
  });

  it.each<[string, Partial<CsrObjectOptions>]>([
    ['pending', {}],
    ['denied', { conditions: [{ type: 'Denied', status: 'True' }] }],
    ['failed', { conditions: [APPROVED, { type: 'Failed', status: 'True' }] }],
    ['for another signer', { conditions: [APPROVED], signerName: 'example.com/other' }],
    ['already issued', { conditions: [APPROVED], certificatePem: 'x' }],
  ])('leaves a request that is %s alone', async (_name, options) => {
    const client = await reconcile({ requestPem: nodeRequest, ...options });
    expect(client.updates).toEqual([]);
  });

  it('fails an approved request that is no kubelet client request', async () => {
    const client = await reconcile({ requestPem: dnsRequest, conditions: [APPROVED] });
    expect(statusOf(client)['certificate']).toBeUndefined();
    expect(statusOf(client)['conditions']).toEqual([
      APPROVED,
      {
        type: 'Failed',
        status: 'True',
        reason: 'SignerValidationFailure',
        message: 'DNS subjectAltNames are not allowed',
        lastUpdateTime: '2025-03-01T00:00:00Z',
        lastTransitionTime: '2025-03-01T00:00:00Z',
      },
    ]);
  });
});
