import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiError } from '../api/errors.ts';
import type { ApiClient } from './api-client.ts';
import { ApiConnectionError, createHttpApiClient } from './http-client.ts';
import { sendJson, startFakeServer, type FakeServer } from './http-fake-server.ts';
import { Resources } from './resources.ts';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod', resourceVersion: '4' }, spec: {} };

let server: FakeServer;
let client: ApiClient & { close(): void };

beforeAll(async () => {
  // Answers every request with an object, a list or a Status, enough for the client to accept it.
  server = await startFakeServer((req, res) => {
    if (req.path.endsWith('/slow')) return;
    if (req.method === 'GET' && req.path.endsWith('/pods')) return sendJson(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [pod] });
    if (req.method === 'DELETE' && req.path.includes('/configmaps/')) return sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 });
    sendJson(res, req.method === 'POST' ? 201 : 200, pod);
  });
  client = createHttpApiClient({ server: `${server.url}/prefix/`, token: 't0k3n', userAgent: 'kubelet/1.0' });
});

afterAll(async () => {
  client.close();
  await server.close();
});

interface Wire {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: unknown;
}

async function wireOf(call: (c: ApiClient) => Promise<unknown>): Promise<Wire> {
  const before = server.requests.length;
  await call(client);
  const request = server.requests[before];
  if (request === undefined) throw new Error('no request reached the server');
  expect(request.headers).toMatchObject({ authorization: 'Bearer t0k3n', accept: 'application/json', 'user-agent': 'kubelet/1.0' });
  return {
    method: request.method,
    path: request.path,
    query: Object.fromEntries(request.query),
    contentType: request.headers['content-type'],
    body: request.body === '' ? undefined : JSON.parse(request.body),
  };
}

describe('what the HTTP client sends', () => {
  it.each<[string, (c: ApiClient) => Promise<unknown>, Wire]>([
    ['get of a namespaced object', (c) => c.get(Resources.pods, 'prod', 'web'), { method: 'GET', path: '/prefix/api/v1/namespaces/prod/pods/web', query: {}, contentType: undefined, body: undefined }],
    ['get of a cluster-scoped object', (c) => c.get(Resources.nodes, undefined, 'n1'), { method: 'GET', path: '/prefix/api/v1/nodes/n1', query: {}, contentType: undefined, body: undefined }],
    ['get of a group object with an escaped name', (c) => c.get(Resources.leases, 'kube-node-lease', 'a b'), { method: 'GET', path: '/prefix/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/a%20b', query: {}, contentType: undefined, body: undefined }],
    [
      'list with selectors and paging',
      (c) => c.list(Resources.pods, undefined, { labelSelector: 'app=web,tier!=db', fieldSelector: 'spec.nodeName=n1', limit: 2, continue: 'abc' }),
      { method: 'GET', path: '/prefix/api/v1/pods', query: { labelSelector: 'app=web,tier!=db', fieldSelector: 'spec.nodeName=n1', limit: '2', continue: 'abc' }, contentType: undefined, body: undefined },
    ],
    [
      'create, dry run, with a field manager',
      (c) => c.create(Resources.pods, pod, { dryRun: true, fieldManager: 'me' }),
      { method: 'POST', path: '/prefix/api/v1/namespaces/prod/pods', query: { dryRun: 'All', fieldManager: 'me' }, contentType: 'application/json', body: pod },
    ],
    ['update of the status', (c) => c.update(Resources.pods, pod, { subresource: 'status' }), { method: 'PUT', path: '/prefix/api/v1/namespaces/prod/pods/web/status', query: {}, contentType: 'application/json', body: pod }],
    [
      'finalize of a namespace',
      (c) => c.update(Resources.namespaces, { metadata: { name: 'prod' }, spec: { finalizers: [] } }, { subresource: 'finalize' }),
      { method: 'PUT', path: '/prefix/api/v1/namespaces/prod/finalize', query: {}, contentType: 'application/json', body: { metadata: { name: 'prod' }, spec: { finalizers: [] } } },
    ],
    ['json patch', (c) => c.patch(Resources.pods, 'prod', 'web', 'json', [{ op: 'remove', path: '/x' }]), { method: 'PATCH', path: '/prefix/api/v1/namespaces/prod/pods/web', query: {}, contentType: 'application/json-patch+json', body: [{ op: 'remove', path: '/x' }] }],
    ['merge patch of the status', (c) => c.patch(Resources.pods, 'prod', 'web', 'merge', { status: {} }, { subresource: 'status' }), { method: 'PATCH', path: '/prefix/api/v1/namespaces/prod/pods/web/status', query: {}, contentType: 'application/merge-patch+json', body: { status: {} } }],
    ['strategic patch', (c) => c.patch(Resources.deployments, 'prod', 'web', 'strategic', { spec: {} }), { method: 'PATCH', path: '/prefix/apis/apps/v1/namespaces/prod/deployments/web', query: {}, contentType: 'application/strategic-merge-patch+json', body: { spec: {} } }],
    [
      'forced apply',
      (c) => c.patch(Resources.pods, 'prod', 'web', 'apply', pod, { fieldManager: 'agent', force: true }),
      { method: 'PATCH', path: '/prefix/api/v1/namespaces/prod/pods/web', query: { fieldManager: 'agent', force: 'true' }, contentType: 'application/apply-patch+yaml', body: pod },
    ],
    [
      'delete with every option',
      (c) => c.delete(Resources.pods, 'prod', 'web', { propagationPolicy: 'Foreground', preconditions: { uid: 'u1', resourceVersion: '4' }, gracePeriodSeconds: 0, dryRun: true }),
      {
        method: 'DELETE',
        path: '/prefix/api/v1/namespaces/prod/pods/web',
        query: { dryRun: 'All' },
        contentType: 'application/json',
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', preconditions: { uid: 'u1', resourceVersion: '4' }, gracePeriodSeconds: 0 },
      },
    ],
    ['delete without options', (c) => c.delete(Resources.configMaps, 'prod', 'c'), { method: 'DELETE', path: '/prefix/api/v1/namespaces/prod/configmaps/c', query: {}, contentType: 'application/json', body: { kind: 'DeleteOptions', apiVersion: 'v1' } }],
    [
      'binding',
      (c) => c.createSubresource(Resources.pods, 'prod', 'web', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'n1' } }),
      { method: 'POST', path: '/prefix/api/v1/namespaces/prod/pods/web/binding', query: {}, contentType: 'application/json', body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'n1' } } },
    ],
  ])('%s', async (_what, call, expected) => {
    expect(await wireOf(call)).toEqual(expected);
  });

  it('hands back what the server answered', async () => {
    expect(await client.get(Resources.pods, 'prod', 'web')).toEqual(pod);
    expect((await client.list(Resources.pods, 'prod')).items).toEqual([pod]);
    expect(await client.delete(Resources.configMaps, 'prod', 'c')).toMatchObject({ kind: 'Status', status: 'Success' });
  });

  it.each<[string, (c: ApiClient) => Promise<unknown>]>([
    ['get', (c) => c.get(Resources.pods, 'prod', '')],
    ['update', (c) => c.update(Resources.pods, { metadata: { namespace: 'prod' } })],
    ['delete', (c) => c.delete(Resources.pods, 'prod', '')],
  ])('%s without a name fails before sending', async (_what, call) => {
    const before = server.requests.length;
    await expect(call(client)).rejects.toSatisfy((e) => isApiError(e, 'BadRequest') && e.message === 'resource name may not be empty');
    expect(server.requests.length).toBe(before);
  });

  it('a server that does not answer in time fails with a timeout naming it', async () => {
    const impatient = createHttpApiClient({ server: server.url, token: 't', timeoutMs: 150 });
    try {
      const started = Date.now();
      const error: unknown = await impatient.get(Resources.pods, 'prod', 'slow').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiConnectionError);
      expect(error).toMatchObject({ code: 'ETIMEDOUT', message: `the API server at ${server.url} did not answer within 150 ms` });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      impatient.close();
    }
  });

  it('refuses a URL that is neither https nor http', () => {
    expect(() => createHttpApiClient({ server: 'ftp://127.0.0.1', token: 't' })).toThrow('the API server URL must be https:// or http://, got ftp://127.0.0.1');
  });

  it('a read on a kept-alive connection the server dropped goes again on a new one; a write does not', async () => {
    // Each connection serves one request; a second one on it is cut off unanswered, as by a server closing idle connections.
    const served = new WeakSet<Socket>();
    const connections: Socket[] = [];
    const dropping: Server = createServer((req, res) => {
      if (served.has(req.socket)) return req.socket.destroy();
      served.add(req.socket);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
        res.end(JSON.stringify(pod));
      });
    });
    dropping.on('connection', (socket: Socket) => connections.push(socket));
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const address = dropping.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    const c = createHttpApiClient({ server: url, token: 't' });
    try {
      await c.get(Resources.pods, 'prod', 'web');
      expect(await c.get(Resources.pods, 'prod', 'web')).toEqual(pod);
      expect(connections).toHaveLength(2);
      const write = await c.create(Resources.pods, pod).catch((e: unknown) => e);
      expect(write).toBeInstanceOf(ApiConnectionError);
      expect(write).toMatchObject({ code: 'ECONNRESET', message: `cannot reach the API server at ${url}: ECONNRESET (socket hang up)` });
    } finally {
      c.close();
      dropping.closeAllConnections();
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});
