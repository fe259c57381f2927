/**
 * Issue 6: nodes join with a short-lived bootstrap token (kubelet TLS
 * bootstrapping). A real control plane over HTTPS with its controllers, and
 * `kubernel agent` processes on the process runtime (no Docker needed): the
 * agent asks for a client certificate with the token, the approver and the
 * signer issue it, and from then on the certificate is the node's identity.
 */
import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { createBootstrapToken } from '../../core/auth/bootstrap-token/create-bootstrap-token.ts';
import { bootstrapTokenSecret } from '../../core/auth/bootstrap-token/token-secret.ts';
import { bootstrapTokenSecretName, parseBootstrapToken } from '../../core/auth/bootstrap-token/token-format.ts';
import { makeRequestPem } from '../../core/auth/pki/test-fixtures.ts';
import { x509 } from '../../core/auth/pki/x509.ts';
import { Resources } from '../../core/client/resources.ts';
import { nodeReady, REPO_ROOT, uniqueName } from './support/agents.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { ApiHttp } from './support/http.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

interface AgentRun {
  dataDir: string;
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

/** `kubernel agent --token <token>` on the process runtime, renewing its Lease every second. */
async function startAgent(cluster: TestCluster, name: string, token: string, dataDir = join(cluster.dataDir, 'agents', name)): Promise<AgentRun> {
  const config = join(cluster.dataDir, `agent-${name}.yaml`);
  await writeFile(config, JSON.stringify({ leaseRenewSeconds: 1, statusUpdateSeconds: 1 }));
  await writeFile(join(cluster.dataDir, 'ca.pem'), cluster.plane.caCertPem);
  const args = ['agent', '--server', cluster.plane.url, '--token', token, '--ca-file', join(cluster.dataDir, 'ca.pem')];
  args.push('--name', name, '--runtime', 'process', '--config', config, '--data-dir', dataDir);
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/kubernel.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUBERNEL_LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    dataDir,
    exited,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function leaseRenewTime(cluster: TestCluster, node: string): Promise<string> {
  const lease = await cluster.plane.client.get(Resources.leases, 'kube-node-lease', node);
  const spec = isRecord(lease['spec']) ? lease['spec'] : {};
  return String(spec['renewTime'] ?? '');
}

/** Waits for the node's Lease to be renewed `times` more times. */
async function leaseRenewals(cluster: TestCluster, node: string, times: number): Promise<void> {
  let last = await leaseRenewTime(cluster, node);
  for (let i = 0; i < times; i++) {
    last = await eventually(async () => {
      const now = await leaseRenewTime(cluster, node);
      if (now === last) throw new Error(`the Lease of ${node} was not renewed after ${last}`);
      return now;
    }, 15_000, 200);
  }
}

async function csrsOf(cluster: TestCluster, username: string): Promise<KubeObject[]> {
  const list = await cluster.plane.client.list(Resources.certificateSigningRequests, undefined);
  return list.items.filter((csr) => isRecord(csr['spec']) && csr['spec']['username'] === username);
}

describe('joining with a bootstrap token', () => {
  let cluster: TestCluster;
  let http: ApiHttp;
  const agents: AgentRun[] = [];

  beforeAll(async () => {
    cluster = await startCluster('', { controllers: true });
    http = new ApiHttp(cluster);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await http?.close();
    await cluster?.stop();
  });

  it('refuses an unknown or expired bootstrap token with 401', async () => {
    const unknown = await http.send('GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests', undefined, { authorization: 'Bearer abcdef.0123456789abcdef' }, false);
    expect(unknown.status).toBe(401);
    const expired = { id: 'exp123', secret: '0123456789abcdef' };
    await cluster.plane.client.create(Resources.secrets, bootstrapTokenSecret(expired, { expiresAt: new Date(Date.now() - 60_000) }));
    const response = await http.send('GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests', undefined, { authorization: 'Bearer exp123.0123456789abcdef' }, false);
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    // The token cleaner removes the expired Secret.
    await eventually(async () => {
      const secrets = await cluster.plane.client.list(Resources.secrets, 'kube-system');
      expect(secrets.items.map((s) => s.metadata.name)).not.toContain(bootstrapTokenSecretName('exp123'));
    }, 15_000, 100);
  });

  it('lets a bootstrap token ask for certificates and nothing else (403 in Kubernetes words)', async () => {
    const { token } = await createBootstrapToken(cluster.plane.client, { ttlMs: 600_000, description: 'e2e: authorization' });
    const id = parseBootstrapToken(token)?.id ?? '';
    const headers = { authorization: `Bearer ${token}` };
    const csrs = await http.send('GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests', undefined, headers, false);
    expect(csrs.status).toBe(200);
    expect((await http.send('GET', '/apis', undefined, headers, false)).status).toBe(200);
    const pods = await http.send('GET', '/api/v1/namespaces/default/pods', undefined, headers, false);
    expect(pods.status).toBe(403);
    expect(pods.json).toMatchObject({
      reason: 'Forbidden',
      code: 403,
      message: `pods is forbidden: User "system:bootstrap:${id}" cannot list resource "pods" in API group "" in the namespace "default"`,
      details: { kind: 'pods' },
    });
    const viaKubectl = await kubectl(cluster.kubeconfig, ['--token', token, 'get', 'pods']);
    expect(viaKubectl.code).not.toBe(0);
    expect(viaKubectl.stderr).toContain(`Error from server (Forbidden): pods is forbidden: User "system:bootstrap:${id}" cannot list resource "pods"`);
  });

  it('joins an agent: its CSR is approved and issued, then its certificate is its identity', async () => {
    const node = uniqueName('boot');
    const { token, secretName } = await createBootstrapToken(cluster.plane.client, {
      ttlMs: 600_000,
      description: 'e2e: node bootstrap',
      extraGroups: ['system:bootstrappers:kubeadm:default-node-token'],
    });
    const id = parseBootstrapToken(token)?.id ?? '';
    const agent = await startAgent(cluster, node, token);
    agents.push(agent);
    await nodeReady(cluster, node, 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nagent output:\n${agent.output()}`);
    });

    const [csr] = await csrsOf(cluster, `system:bootstrap:${id}`);
    expect(csr?.['spec']).toMatchObject({
      signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
      groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token', 'system:authenticated'],
      usages: ['digital signature', 'client auth'],
    });
    const table = await kubectlOk(cluster.kubeconfig, ['get', 'csr', csr?.metadata.name ?? '']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION/);
    expect(table).toMatch(new RegExp(`node-csr-\\S+\\s+\\S+\\s+kubernetes.io/kube-apiserver-client-kubelet\\s+system:bootstrap:${id}\\s+<none>\\s+Approved,Issued`));

    // The key and certificate are kept, private, and the certificate is the cluster CA's for this node.
    const files = { key: join(agent.dataDir, 'pki', 'node.key'), cert: join(agent.dataDir, 'pki', 'node.crt') };
    for (const file of Object.values(files)) expect((await stat(file)).mode & 0o777).toBe(0o600);
    const cert = new x509.X509Certificate(await readFile(files.cert, 'utf8'));
    expect(cert.subjectName.getField('CN')).toEqual([`system:node:${node}`]);
    expect(cert.subjectName.getField('O')).toEqual(['system:nodes']);
    expect(await cert.verify({ publicKey: new x509.X509Certificate(cluster.plane.caCertPem), signatureOnly: true })).toBe(true);

    // Without the token the node carries on: its requests authenticate with the certificate.
    await cluster.plane.client.delete(Resources.secrets, 'kube-system', secretName);
    const afterDelete = await leaseRenewTime(cluster, node);
    await leaseRenewals(cluster, node, 3);
    expect(await leaseRenewTime(cluster, node)).not.toBe(afterDelete);
    expect(agent.output()).not.toContain('Unauthorized');

    // A restart uses the stored certificate: no new request, even though the token is gone.
    await agent.stop();
    const restarted = await startAgent(cluster, node, token, agent.dataDir);
    agents.push(restarted);
    await leaseRenewals(cluster, node, 2).catch((error: unknown) => {
      throw new Error(`${String(error)}\nagent output:\n${restarted.output()}`);
    });
    expect(await csrsOf(cluster, `system:bootstrap:${id}`)).toHaveLength(1);
  }, 120_000);

  it('approves a request through the approval subresource, as kubectl certificate approve does', async () => {
    const requestPem = await makeRequestPem({ name: 'CN=alice, O=dev' });
    const csr = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'alice' },
      spec: { request: Buffer.from(requestPem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], expirationSeconds: 86_400 },
    };
    await kubectlOk(cluster.kubeconfig, ['create', '-f', '-'], { input: JSON.stringify(csr) });
    // kubectl certificate approve sends this body as protobuf, which the API server does not decode for CSRs yet: JSON here.
    const current = await cluster.plane.client.get(Resources.certificateSigningRequests, undefined, 'alice');
    const approval = { ...current, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' }] } };
    const response = await http.send('PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/alice/approval', JSON.stringify(approval));
    expect(response.status).toBe(200);
    const table = await kubectlOk(cluster.kubeconfig, ['get', 'csr', 'alice', '--no-headers']);
    expect(table).toMatch(/^alice\s+\S+\s+kubernetes.io\/kube-apiserver-client\s+kubernel-admin\s+24h\s+Approved\s*$/);
    const stored = await cluster.plane.client.get(Resources.certificateSigningRequests, undefined, 'alice');
    expect(stored['status']).toMatchObject({ conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', lastUpdateTime: expect.any(String) }] });
  });

  it('stops an agent whose bootstrap token is unknown', async () => {
    const agent = await startAgent(cluster, uniqueName('nope'), 'zzzzzz.0123456789abcdef');
    agents.push(agent);
    expect(await agent.exited).toBe(1);
    expect(agent.output()).toContain('kubernel agent: TLS bootstrap failed: Unauthorized');
  }, 60_000);
});
