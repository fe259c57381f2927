/**
 * `kubectl certificate approve|deny`: kubectl 1.32 reads the request, adds an
 * Approved or Denied condition and PUTs it to the approval subresource as
 * application/vnd.kubernetes.protobuf. The requests are made by a bootstrap
 * token's user for a signer nothing here approves or signs (example.com/custom),
 * with the controllers running, so every condition comes from kubectl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord } from '../../core/api/types/meta.ts';
import { createBootstrapToken } from '../../core/auth/bootstrap-token/create-bootstrap-token.ts';
import { parseBootstrapToken } from '../../core/auth/bootstrap-token/token-format.ts';
import { makeRequestPem } from '../../core/auth/pki/test-fixtures.ts';
import { Resources } from '../../core/client/resources.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

const SIGNER = 'example.com/custom';

let cluster: TestCluster;
let requestor = '';
const ok = (args: string[]): Promise<string> => kubectlOk(cluster.kubeconfig, args);

/** The CONDITION column of `kubectl get csr NAME`. */
async function conditionOf(name: string): Promise<string> {
  const row = await ok(['get', 'csr', name, '--no-headers']);
  const match = new RegExp(`^${name}\\s+\\S+\\s+${SIGNER}\\s+${requestor}\\s+<none>\\s+(\\S+)\\s*$`).exec(row);
  if (match === null) throw new Error(`unexpected row for ${name}: ${row}`);
  return match[1] ?? '';
}

async function storedConditions(name: string): Promise<unknown[]> {
  const csr = await cluster.plane.client.get(Resources.certificateSigningRequests, undefined, name);
  const status = isRecord(csr['status']) ? csr['status'] : {};
  return Array.isArray(status['conditions']) ? status['conditions'] : [];
}

beforeAll(async () => {
  cluster = await startCluster('', { controllers: true });
  const { token } = await createBootstrapToken(cluster.plane.client, { ttlMs: 600_000, description: 'e2e: kubectl certificate' });
  requestor = `system:bootstrap:${parseBootstrapToken(token)?.id ?? ''}`;
  for (const name of ['custom-approve', 'custom-deny']) {
    const requestPem = await makeRequestPem({ name: `CN=${name}, O=example` });
    const csr = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: { request: Buffer.from(requestPem).toString('base64'), signerName: SIGNER, usages: ['digital signature', 'client auth'] },
    };
    await kubectlOk(cluster.kubeconfig, ['--token', token, 'create', '-f', '-'], { input: JSON.stringify(csr) });
  }
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('kubectl certificate approve and deny (protobuf bodies to the approval subresource)', () => {
  it('leaves a request for a custom signer pending', async () => {
    expect(await conditionOf('custom-approve')).toBe('Pending');
    expect(await conditionOf('custom-deny')).toBe('Pending');
  });

  it('approve: kubectl reports it, the table shows Approved, the condition is stamped', async () => {
    // -v=8 prints the request headers: the body really travels as protobuf.
    const result = await kubectl(cluster.kubeconfig, ['certificate', 'approve', 'custom-approve', '-v=8']);
    expect(result.stdout).toBe('certificatesigningrequest.certificates.k8s.io/custom-approve approved\n');
    expect(result.stderr).toMatch(/PUT https:\S+\/certificatesigningrequests\/custom-approve\/approval[\s\S]*Content-Type: application\/vnd\.kubernetes\.protobuf/);
    expect(await conditionOf('custom-approve')).toBe('Approved');
    expect(await storedConditions('custom-approve')).toEqual([
      {
        type: 'Approved',
        status: 'True',
        reason: 'KubectlApprove',
        message: 'This CSR was approved by kubectl certificate approve.',
        lastUpdateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        lastTransitionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
  });

  it('deny: the table shows Denied', async () => {
    expect(await ok(['certificate', 'deny', 'custom-deny'])).toBe('certificatesigningrequest.certificates.k8s.io/custom-deny denied\n');
    expect(await conditionOf('custom-deny')).toBe('Denied');
    expect(await storedConditions('custom-deny')).toMatchObject([{ type: 'Denied', status: 'True', reason: 'KubectlDeny', message: 'This CSR was denied by kubectl certificate deny.' }]);
  });

  it('approve --force on an approved request sends it back unchanged: the stored condition and its times stay', async () => {
    const before = await storedConditions('custom-approve');
    const result = await kubectl(cluster.kubeconfig, ['certificate', 'approve', '--force', 'custom-approve', '-v=6']);
    expect(result.stdout).toBe('certificatesigningrequest.certificates.k8s.io/custom-approve approved\n');
    expect(result.stderr).toMatch(/PUT https:\S+\/apis\/certificates.k8s.io\/v1\/certificatesigningrequests\/custom-approve\/approval 200 OK/);
    expect(await storedConditions('custom-approve')).toEqual(before);
  });

  it('approve on a denied request is refused by kubectl itself', async () => {
    const result = await kubectl(cluster.kubeconfig, ['certificate', 'approve', 'custom-deny']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('certificate signing request "custom-deny" is already Denied');
    expect(await conditionOf('custom-deny')).toBe('Denied');
  });
});
