import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ApiError } from '../../api/errors.ts';
import { startNodeServer } from './node-server.ts';
import { execOverWebSocket, execQuery, message, type ExecResult } from './test-support/exec-client.ts';
import { ProcessExecRuntime } from './test-support/process-exec-runtime.ts';
import type { NodeServer } from './types.ts';

const TOKEN = 'node-server-test-token';
const runtime = new ProcessExecRuntime();
const resolveCalls: { pod: string; container: string; previous: boolean }[] = [];
const authorizeCalls: { token: string; namespace: string; pod: string }[] = [];
let server: NodeServer;
let base: string;

beforeAll(async () => {
  runtime.addContainer('cid-web', ['one', 'two', 'three']);
  runtime.addContainer('cid-prev', ['from the previous run']);
  server = await startNodeServer({
    host: '127.0.0.1',
    port: 0,
    runtime,
    logger: pino({ level: 'silent' }),
    authorize: async (token, namespace, pod) => {
      authorizeCalls.push({ token, namespace, pod });
      return token === TOKEN && pod !== 'secret';
    },
    resolve: async (_namespace, pod, container, previous) => {
      resolveCalls.push({ pod, container, previous });
      if (container === 'waiting') return { error: new ApiError('BadRequest', `container "waiting" in pod "${pod}" is waiting to start: ContainerCreating`) };
      if (container === 'gone') return { containerId: 'no-such-container' };
      return { containerId: previous ? 'cid-prev' : 'cid-web' };
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

const auth = { Authorization: `Bearer ${TOKEN}` };

async function getLogs(query: string, headers: Record<string, string> = auth): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(`${base}/containerLogs/default/web/app${query}`, { headers });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

describe('GET /containerLogs', () => {
  it('streams the container log as text/plain', async () => {
    const res = await getLogs('');
    expect(res).toEqual({ status: 200, body: 'one\ntwo\nthree\n', type: 'text/plain' });
    expect(runtime.logCalls.at(-1)?.options).toEqual({ follow: false, timestamps: false });
  });

  it.each([
    ['?tailLines=2', { follow: false, timestamps: false, tailLines: 2 }, 'two\nthree\n'],
    ['?tailLines=0', { follow: false, timestamps: false, tailLines: 0 }, ''],
    ['?sinceSeconds=60', { follow: false, timestamps: false, sinceSeconds: 60 }, 'one\ntwo\nthree\n'],
  ])('passes %s to the runtime', async (query, options, body) => {
    const res = await getLogs(query);
    expect(res.body).toBe(body);
    expect(runtime.logCalls.at(-1)?.options).toEqual(options);
  });

  it('prefixes RFC 3339 times with timestamps=true', async () => {
    const res = await getLogs('?timestamps=true&tailLines=1');
    expect(res.body).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z three\n$/);
  });

  it('stops after limitBytes', async () => {
    expect((await getLogs('?limitBytes=6')).body).toBe('one\ntw');
  });

  it('reads the previous instance with previous=true', async () => {
    const res = await getLogs('?previous=true');
    expect(res.body).toBe('from the previous run\n');
    expect(resolveCalls.at(-1)).toEqual({ pod: 'web', container: 'app', previous: true });
  });

  it('follows new lines and aborts the runtime stream when the client leaves', async () => {
    const abort = new AbortController();
    const res = await fetch(`${base}/containerLogs/default/web/app?follow=true&tailLines=1`, { headers: auth, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('three\n');
    runtime.write('cid-web', 'four');
    expect(decoder.decode((await reader.read()).value)).toBe('four\n');
    const call = runtime.logCalls.at(-1);
    expect(call?.options.follow).toBe(true);
    abort.abort();
    await expect.poll(() => call?.signal?.aborted).toBe(true);
  });

  it.each([
    ['no token', {}, 401, 'Unauthorized'],
    ['a token that may not read the pod', { Authorization: 'Bearer wrong' }, 403, 'Forbidden'],
  ])('refuses %s', async (_what, headers, code, reason) => {
    const res = await getLogs('', headers);
    expect(res.status).toBe(code);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', status: 'Failure', code, reason });
  });

  it('asks authorize about the namespace and pod of the path', async () => {
    await fetch(`${base}/containerLogs/kube-system/secret/app`, { headers: auth });
    expect(authorizeCalls.at(-1)).toEqual({ token: TOKEN, namespace: 'kube-system', pod: 'secret' });
  });

  it('answers a resolver error with its Status', async () => {
    const res = await fetch(`${base}/containerLogs/default/web/waiting`, { headers: auth });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ reason: 'BadRequest', message: 'container "waiting" in pod "web" is waiting to start: ContainerCreating' });
  });

  it('answers 404 for a container the runtime no longer has', async () => {
    const res = await fetch(`${base}/containerLogs/default/web/gone`, { headers: auth });
    expect(res.status).toBe(404);
  });

  it.each([['?tailLines=-1'], ['?limitBytes=0'], ['?follow=maybe'], ['?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z']])('rejects %s with 400', async (query) => {
    expect((await getLogs(query)).status).toBe(400);
  });

  it('answers 404 for other paths', async () => {
    const res = await fetch(`${base}/pods`, { headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ reason: 'NotFound' });
  });
});

function exec(query: Record<string, string | string[]>, options: { protocols?: string[]; onOpen?: (ws: WebSocket) => void } = {}): Promise<ExecResult> {
  return execOverWebSocket(`ws://127.0.0.1:${server.port}/exec/default/web/app?${execQuery(query)}`, TOKEN, options);
}

describe('/exec over WebSocket', () => {
  it('runs the command and sends stdout, stderr and a Success status (v5)', async () => {
    const result = await exec({ command: ['sh', '-c', 'echo out; echo err >&2'], output: '1', error: '1' }, { protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'] });
    expect(result).toEqual({
      protocol: 'v5.channel.k8s.io',
      first: Buffer.from([1]),
      stdout: 'out\n',
      stderr: 'err\n',
      status: { metadata: {}, status: 'Success' },
      closeCode: 1000,
    });
  });

  it('reports a non-zero exit code as NonZeroExitCode with an ExitCode cause', async () => {
    const result = await exec({ command: ['sh', '-c', 'exit 3'], stdout: 'true' });
    expect(result.status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('feeds stdin and ends it on the v5 CLOSE signal', async () => {
    const result = await exec(
      { command: ['cat'], input: '1', output: '1' },
      {
        onOpen: (ws) => {
          ws.send(message(0, 'hello '));
          ws.send(message(0, 'world'));
          ws.send(message(255, [0]));
        },
      },
    );
    expect(result.stdout).toBe('hello world');
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('speaks v4 to a client that offers only v4', async () => {
    const result = await exec({ command: ['sh', '-c', 'echo v4; exit 2'], output: '1' }, { protocols: ['v4.channel.k8s.io'] });
    expect(result.protocol).toBe('v4.channel.k8s.io');
    expect(result.stdout).toBe('v4\n');
    expect(result.status['reason']).toBe('NonZeroExitCode');
  });

  it('passes terminal sizes to a TTY session, whose stderr comes on stdout', async () => {
    const result = await exec(
      { command: ['sh', '-c', 'sleep 0.3; echo on-tty >&2'], input: '1', output: '1', error: '1', tty: '1' },
      {
        onOpen: (ws) => {
          ws.send(message(4, '{"Width":120,"Height":40}'));
          ws.send(message(255, [0]));
        },
      },
    );
    expect(result.stdout).toBe('on-tty\n');
    expect(result.stderr).toBe('');
    expect(runtime.resizes).toContainEqual({ columns: 120, rows: 40 });
  });

  it('sends a failure status when the command cannot start', async () => {
    const result = await exec({ command: ['/no/such/binary'], output: '1' });
    expect(result.status).toMatchObject({ status: 'Failure', reason: 'InternalError' });
    expect(String(result.status['message'])).toContain('error executing command in container');
  });

  it.each([
    ['no stream', '?command=ls', { 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io' }, 400, 'you must specify at least 1 of stdin, stdout, stderr'],
    ['an unknown protocol', '?command=ls&output=1', { 'Sec-WebSocket-Protocol': 'base64.channel.k8s.io' }, 400, 'requested protocol(s) are not supported: [base64.channel.k8s.io]; supports [v5.channel.k8s.io v4.channel.k8s.io]'],
    ['no token', '?command=ls&output=1', { Authorization: '' }, 401, 'Unauthorized'],
  ])('refuses an upgrade with %s', async (_what, query, headers, code, message) => {
    const res = await rawUpgrade(`/exec/default/web/app${query}`, { ...auth, ...headers });
    expect(res.status).toBe(code);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', code, message });
  });

  it('asks for an upgrade on a plain request', async () => {
    const res = await fetch(`${base}/exec/default/web/app?command=ls&output=1`, { headers: auth });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: 'Upgrade request required' });
  });
});

/** An upgrade request by hand, to see the refusal a WebSocket client would only report as an error. */
async function rawUpgrade(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('upgrade', () => reject(new Error('upgraded')));
    req.on('error', reject);
    req.end();
  });
}
