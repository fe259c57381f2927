import { request as httpsRequest } from 'node:https';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCluster, type TestCluster } from '../../../test/e2e/support/cluster.ts';
import { kubectl, kubectlStream } from '../../../test/e2e/support/kubectl.ts';
import { startNodeServer } from '../../agent/server/node-server.ts';
import { ProcessExecRuntime } from '../../agent/server/test-support/process-exec-runtime.ts';
import type { NodeServer } from '../../agent/server/types.ts';
import { ApiError } from '../../api/errors.ts';
import { Resources } from '../../client/resources.ts';

/**
 * kubectl logs and exec end to end: the real kubectl against a control plane,
 * proxied to a node server that a Node object points at. The node server's
 * runtime is the process-backed test double (exec runs real commands).
 */

let cluster: TestCluster;
let nodeServer: NodeServer;
const runtime = new ProcessExecRuntime();
const run = (args: string[], input?: string) => kubectl(cluster.kubeconfig, args, input === undefined ? {} : { input });

/** container ids by pod/container; `previous` instances end in -prev */
const CONTAINERS: Record<string, string> = { 'web/app': 'web-app', 'two/app': 'two-app', 'two/sidecar': 'two-sidecar' };

beforeAll(async () => {
  cluster = await startCluster();
  runtime.addContainer('web-app', ['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  runtime.addContainer('web-app-prev', ['before the restart']);
  runtime.addContainer('two-app', ['from app']);
  runtime.addContainer('two-sidecar', ['from sidecar']);
  nodeServer = await startNodeServer({
    host: '127.0.0.1',
    port: 0,
    runtime,
    logger: pino({ level: 'silent' }),
    authorize: async (token) => token === cluster.plane.adminToken,
    resolve: async (_namespace, pod, container, previous) => {
      if (container === 'waiting') return { error: new ApiError('BadRequest', `container "waiting" in pod "${pod}" is waiting to start: ContainerCreating`) };
      const id = CONTAINERS[`${pod}/${container}`];
      if (id === undefined) return { error: new ApiError('NotFound', `container "${container}" not found in pod "${pod}"`) };
      return { containerId: previous ? `${id}-prev` : id };
    },
  });
  const client = cluster.plane.client;
  await client.create(Resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'proxy-node' } });
  await client.patch(Resources.nodes, undefined, 'proxy-node', 'merge', {
    status: {
      addresses: [{ type: 'Hostname', address: 'proxy-node' }, { type: 'InternalIP', address: '127.0.0.1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: nodeServer.port } },
    },
  }, { subresource: 'status' });
  const pod = (name: string, containers: string[], extra: Record<string, unknown> = {}, annotations?: Record<string, string>) =>
    client.create(Resources.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', ...(annotations === undefined ? {} : { annotations }) },
      spec: { containers: containers.map((c) => ({ name: c, image: 'kubernel/busybox:latest' })), ...extra },
    });
  await pod('web', ['app'], { nodeName: 'proxy-node' });
  await pod('two', ['app', 'sidecar'], { nodeName: 'proxy-node' }, { 'kubectl.kubernetes.io/default-container': 'sidecar' });
  await pod('slow', ['waiting'], { nodeName: 'proxy-node' });
  await pod('pending', ['app']);
  // a node whose agent is down: nothing listens on port 1
  await client.create(Resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'down-node' } });
  await client.patch(Resources.nodes, undefined, 'down-node', 'merge', {
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 1 } } },
  }, { subresource: 'status' });
  await pod('stranded', ['app'], { nodeName: 'down-node' });
});

afterAll(async () => {
  await nodeServer?.close();
  await cluster?.stop();
});

describe('kubectl logs through the API server', () => {
  it('prints the container log', async () => {
    expect(await run(['logs', 'web'])).toMatchObject({ code: 0, stdout: 'line 1\nline 2\nline 3\nline 4\nline 5\n' });
  });

  it('passes --tail, --timestamps and --previous on', async () => {
    expect((await run(['logs', 'web', '--tail', '2'])).stdout).toBe('line 4\nline 5\n');
    expect((await run(['logs', 'web', '--tail', '1', '--timestamps'])).stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z line 5\n$/);
    expect((await run(['logs', 'web', '--previous'])).stdout).toBe('before the restart\n');
  });

  it('follows with -f until kubectl goes away, then drops the stream on the node', async () => {
    const follow = kubectlStream(cluster.kubeconfig, ['logs', '-f', 'web', '--tail', '1']);
    try {
      await follow.waitFor(/^line 5$/);
      runtime.write('web-app', 'line 6');
      await follow.waitFor(/^line 6$/);
      const call = runtime.logCalls.findLast((c) => c.id === 'web-app' && c.options.follow);
      expect(call?.options).toEqual({ follow: true, timestamps: false, tailLines: 1 });
      follow.child.kill();
      await expect.poll(() => call?.signal?.aborted, { timeout: 5000 }).toBe(true);
    } finally {
      follow.child.kill();
    }
  });

  it('uses the container kubectl picks from the default-container annotation, or -c', async () => {
    expect((await run(['logs', 'two'])).stdout).toBe('from sidecar\n');
    expect((await run(['logs', 'two', '-c', 'app'])).stdout).toBe('from app\n');
  });

  it('reports the node agent error as kubectl shows it', async () => {
    const result = await run(['logs', 'slow']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error from server (BadRequest): container "waiting" in pod "slow" is waiting to start: ContainerCreating');
  });

  it.each([
    ['a container the pod does not have', 'web/log?container=nope', 400, 'container nope is not valid for pod web'],
    ['no container of several', 'two/log', 400, 'a container name must be specified for pod two, choose one of: [app sidecar]'],
    ['a missing pod', 'ghost/log', 404, 'pods "ghost" not found'],
    ['a bad option', 'web/log?tailLines=-1', 422, 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'],
  ])('refuses %s with a Status', async (_what, path, code, message) => {
    const res = await apiRequest('GET', `/api/v1/namespaces/default/pods/${path}`);
    expect(res.status).toBe(code);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', status: 'Failure', code, message });
  });

  it('shows an empty log for a pod without a node', async () => {
    expect(await run(['logs', 'pending'])).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('kubectl exec through the API server', () => {
  it('runs a command and prints its output', async () => {
    expect(await run(['exec', 'web', '--', 'echo', 'hi'])).toMatchObject({ code: 0, stdout: 'hi\n' });
  });

  it('separates stdout and stderr', async () => {
    const result = await run(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2']);
    expect(result).toMatchObject({ code: 0, stdout: 'out\n', stderr: 'err\n' });
  });

  it('exits with the command exit code', async () => {
    const result = await run(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('command terminated with exit code 3');
  });

  it('sends stdin with -i', async () => {
    expect(await run(['exec', '-i', 'web', '--', 'cat'], 'from stdin\n')).toMatchObject({ code: 0, stdout: 'from stdin\n' });
  });

  it('execs into the container kubectl picks, or -c', async () => {
    expect((await run(['exec', 'two', '-c', 'app', '--', 'echo', 'in app'])).stdout).toBe('in app\n');
  });

  it('reports the node agent error, also on the SPDY retry kubectl makes after a failed WebSocket upgrade', async () => {
    const result = await run(['exec', 'slow', '--', 'ls']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error from server (BadRequest): container "waiting" in pod "slow" is waiting to start: ContainerCreating');
  });

  it('refuses a pod without a node', async () => {
    const result = await run(['exec', 'pending', '--', 'ls']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pod pending does not have a host assigned');
  });

  it.each([
    [['logs', 'stranded'], 'Error from server: Get "http://127.0.0.1:1/containerLogs/default/stranded/app": dial tcp 127.0.0.1:1: connect: connection refused'],
    [['exec', 'stranded', '--', 'ls'], 'Error from server: error dialing backend: dial tcp 127.0.0.1:1: connect: connection refused'],
  ])('reports a node agent that does not answer to kubectl %j', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(message);
  });

  it('refuses an upgrade without a valid token with 401', async () => {
    const url = `${cluster.plane.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io'], { ca: cluster.plane.caCertPem, headers: { Authorization: 'Bearer wrong' } });
    const status = await new Promise<number>((resolve, reject) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('upgraded without a valid token')));
      ws.on('error', reject);
    });
    expect(status).toBe(401);
  });

  it('answers a plain request to exec with 400 Upgrade request required', async () => {
    const { status, body } = await apiRequest('POST', '/api/v1/namespaces/default/pods/web/exec?command=ls');
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'Upgrade request required' });
  });
});

function apiRequest(method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${cluster.plane.url}${path}`, { method, ca: cluster.plane.caCertPem, headers: { Authorization: `Bearer ${cluster.plane.adminToken}` } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end();
  });
}
