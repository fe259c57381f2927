import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServingPki } from '../../../core/server/pki.ts';
import { eventually } from '../../e2e/support/eventually.ts';
import type { ApiTarget } from './control-plane-process.ts';
import { useServingPkis } from './serving-pki-fixture.ts';
import { LeanHttpsPool } from './lean-https.ts';

let server: Server | undefined;
let pool: LeanHttpsPool | undefined;
/** what the server saw: one line per request, and the connections it accepted */
const seen: string[] = [];
let connections = 0;

const pkis = useServingPkis('lean-https-');

afterEach(async () => {
  await pool?.destroy();
  pool = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
  seen.length = 0;
  connections = 0;
});

/**
 * A real HTTPS server: POST /ok answers 201 with a large sized body, /chunked
 * 200 in three chunks, /close 200 and closes, anything else 409 with a Status.
 */
async function start(servingPki: ServingPki = pkis.cluster): Promise<ApiTarget> {
  server = createServer({ cert: servingPki.certPem, key: servingPki.keyPem }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} host=${req.headers.host} auth=${req.headers.authorization} length=${req.headers['content-length']} body=${body}`);
      if (req.url === '/ok') res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ filler: 'x'.repeat(200_000) }));
      else if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a"');
        setImmediate(() => res.end(':1}'));
      } else if (req.url === '/close') res.writeHead(200, { connection: 'close', 'content-length': '2' }).end('{}');
      else res.writeHead(409, { 'content-type': 'application/json' }).end('{"kind":"Status","reason":"AlreadyExists"}');
    });
  });
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `https://127.0.0.1:${port}`, token: 'secret', caPem: pkis.cluster.caCertPem };
}

describe('LeanHttpsPool', () => {
  it('sends the head, the token and the body, and keeps one connection for requests one after another', async () => {
    const target = await start();
    pool = new LeanHttpsPool(target, 4);
    for (let i = 0; i < 3; i++) {
      await pool.expect({ method: 'POST', path: '/ok', headers: { authorization: `Bearer ${target.token}` }, body: `{"i":${i},"é":1}` }, 201);
    }
    const host = new URL(target.url).host;
    expect(seen).toEqual([0, 1, 2].map((i) => `POST /ok host=${host} auth=Bearer secret length=${Buffer.byteLength(`{"i":${i},"é":1}`)} body={"i":${i},"é":1}`));
    expect(connections).toBe(1);
  });

  it('opens no more connections than asked for, however many requests wait', async () => {
    const target = await start();
    pool = new LeanHttpsPool(target, 3);
    await Promise.all(Array.from({ length: 12 }, () => pool?.expect({ method: 'GET', path: '/ok', headers: {} }, 201)));
    expect(seen).toHaveLength(12);
    expect(connections).toBe(3);
  });

  it('reads a chunked answer', async () => {
    const target = await start();
    pool = new LeanHttpsPool(target, 1);
    const response = await pool.request({ method: 'GET', path: '/chunked', headers: {} });
    expect([response.status, response.body.toString()]).toEqual([200, '{"a":1}']);
  });

  it('rejects any other status, naming the request, the status and the start of the body', async () => {
    const target = await start();
    pool = new LeanHttpsPool(target, 1);
    await expect(pool.expect({ method: 'POST', path: '/taken', headers: {}, body: '{}' }, 201)).rejects.toThrow('POST /taken: expected 201, got 409: {"kind":"Status","reason":"AlreadyExists"}');
    await expect(pool.expect({ method: 'POST', path: '/ok', headers: {}, body: '{}' }, 200)).rejects.toThrow('POST /ok: expected 200, got 201: {"filler":"xxx');
  });

  it('replaces a connection the server closed after its answer', async () => {
    const target = await start();
    pool = new LeanHttpsPool(target, 1);
    expect((await pool.request({ method: 'GET', path: '/close', headers: {} })).status).toBe(200);
    await pool.expect({ method: 'GET', path: '/ok', headers: {} }, 201);
    expect(connections).toBe(2);
  });

  it('sends on a new connection when the server closed an idle one', async () => {
    const target = await start();
    pool = new LeanHttpsPool(target, 1);
    await pool.expect({ method: 'GET', path: '/ok', headers: {} }, 201);
    expect(pool.liveConnections).toBe(1);
    server?.closeIdleConnections();
    await eventually(() => expect(pool?.liveConnections).toBe(0));
    await pool.expect({ method: 'GET', path: '/ok', headers: {} }, 201);
    expect(connections).toBe(2);
  });

  it('trusts only the cluster CA', async () => {
    const target = await start(pkis.other);
    pool = new LeanHttpsPool(target, 1);
    await expect(pool.expect({ method: 'GET', path: '/ok', headers: {} }, 201)).rejects.toThrow(/self-signed|unable to verify|certificate/);
    expect(seen).toEqual([]);
  });
});
