import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { builtinRegistry } from '../../api/builtin/index.ts';
import { isRecord } from '../../api/types/meta.ts';
import { bootstrapTokenSecret } from '../../auth/bootstrap-token/token-secret.ts';
import { csrObject, makeRequestPem } from '../../auth/pki/test-fixtures.ts';
import { MemoryBackend } from '../../store/memory-backend.ts';
import { ObjectStore } from '../../store/object-store.ts';
import { WatchCache } from '../../store/watch-cache.ts';
import { buildApiServer } from '../api-server.ts';

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const ADMIN = { authorization: 'Bearer the-admin-token' };
const BOOTSTRAP = { authorization: 'Bearer abcdef.0123456789abcdef' };

describe('certificates.k8s.io on the API server', () => {
  let app: FastifyInstance;
  let requestPem: string;

  beforeAll(async () => {
    const registry = builtinRegistry();
    const backend = new MemoryBackend();
    const store = new ObjectStore(backend);
    const watchCache = new WatchCache(backend, store);
    const secrets = registry.byGroupKind('', 'Secret');
    if (secrets === undefined) throw new Error('no Secret kind');
    await store.create(secrets, bootstrapTokenSecret({ id: 'abcdef', secret: '0123456789abcdef' }, { expiresAt: new Date(Date.now() + 3_600_000) }));
    app = buildApiServer({ registry, store, watchCache, tokens: () => ['the-admin-token'], maxBodyBytes: 3 * 1024 * 1024, logger: pino({ level: 'silent' }), kubernelVersion: 'test' });
    await app.ready();
    requestPem = await makeRequestPem({ name: 'CN=system:node:n1, O=system:nodes' });
  });

  afterAll(async () => {
    await app?.close();
  });

  async function create(name: string, headers: Record<string, string>, url = CSRS): Promise<{ status: number; body: Record<string, unknown> }> {
    const csr = csrObject({ requestPem, name, username: 'mallory', groups: ['system:masters'], conditions: [{ type: 'Approved', status: 'True' }] });
    const response = await app.inject({ method: 'POST', url, headers, payload: csr });
    return { status: response.statusCode, body: response.json() };
  }

  it('names the requestor from the authenticated user, never from the body, and starts without status', async () => {
    const byAdmin = await create('by-admin', ADMIN);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body['spec']).toMatchObject({ username: 'kubernel-admin', groups: ['system:masters', 'system:authenticated'] });
    expect(byAdmin.body['status']).toEqual({});
    const byToken = await create('by-token', BOOTSTRAP);
    expect(byToken.status).toBe(201);
    expect(byToken.body['spec']).toMatchObject({ username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] });
  });

  it('names the requestor from the authenticated user on a percent-encoded path too', async () => {
    const encoded = await create('by-admin-encoded', ADMIN, CSRS.replace('certificatesigningrequests', '%63ertificatesigningrequests'));
    expect(encoded.status).toBe(201);
    expect(encoded.body['spec']).toMatchObject({ username: 'kubernel-admin', groups: ['system:masters', 'system:authenticated'] });
  });

  it('approves through the approval subresource: conditions only, with their times', async () => {
    await create('to-approve', ADMIN);
    const body = csrObject({ requestPem, name: 'to-approve', usages: ['server auth'], conditions: [{ type: 'Approved', reason: 'KubectlApprove', message: 'ok' }] });
    // Unpinned: the fixture's resourceVersion is not the stored one (a pinned stale one is a 409, as for any update).
    delete body.metadata.resourceVersion;
    delete body.metadata.uid;
    const response = await app.inject({ method: 'PUT', url: `${CSRS}/to-approve/approval`, headers: ADMIN, payload: body });
    expect(response.statusCode).toBe(200);
    const approved: Record<string, unknown> = response.json();
    expect(approved['spec']).toMatchObject({ usages: ['digital signature', 'client auth'], username: 'kubernel-admin' });
    const status = isRecord(approved['status']) ? approved['status'] : {};
    expect(status['conditions']).toEqual([
      { type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'ok', lastUpdateTime: expect.any(String), lastTransitionTime: expect.any(String) },
    ]);
    const read = await app.inject({ method: 'GET', url: `${CSRS}/to-approve/approval`, headers: ADMIN });
    expect(read.json()).toMatchObject({ metadata: { name: 'to-approve' }, status: { conditions: [{ type: 'Approved' }] } });
  });

  it('lets a bootstrap token read its requests but not approve them, nor touch anything else', async () => {
    expect((await app.inject({ method: 'GET', url: CSRS, headers: BOOTSTRAP })).statusCode).toBe(200);
    const approval = await app.inject({ method: 'PUT', url: `${CSRS}/by-token/approval`, headers: BOOTSTRAP, payload: csrObject({ requestPem, name: 'by-token' }) });
    expect(approval.statusCode).toBe(403);
    expect(approval.json()).toMatchObject({
      message: 'certificatesigningrequests.certificates.k8s.io "by-token" is forbidden: User "system:bootstrap:abcdef" cannot update resource "certificatesigningrequests/approval" in API group "certificates.k8s.io" at the cluster scope',
    });
    const pods = await app.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods', headers: BOOTSTRAP });
    expect(pods.statusCode).toBe(403);
  });

  it('refuses unknown tokens with 401 and lets anyone read the version', async () => {
    expect((await app.inject({ method: 'GET', url: CSRS, headers: { authorization: 'Bearer zzzzzz.0123456789abcdef' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);
  });
});
