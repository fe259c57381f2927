import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { expectStatus } from './api-client.ts';

let server: Server | undefined;
let client: Client | undefined;

/** a local server answering POST /ok with 201 and a large body, anything else with 409 and a Status */
async function start(): Promise<Client> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/ok' && body === '{"a":1}') {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ filler: 'x'.repeat(200_000) }));
      } else {
        res.writeHead(409, { 'content-type': 'application/json' }).end('{"kind":"Status","reason":"AlreadyExists"}');
      }
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  client = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { pipelining: 1 });
  return client;
}

afterEach(async () => {
  await client?.close();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  client = undefined;
  server = undefined;
});

describe('expectStatus', () => {
  it('resolves on the expected status, with the body read, so the connection serves the next request', async () => {
    const dispatcher = await start();
    for (let i = 0; i < 3; i++) await expectStatus(dispatcher, { method: 'POST', path: '/ok', body: '{"a":1}' }, 201);
  });

  it('rejects any other status, naming the request, the status and the start of the body', async () => {
    const dispatcher = await start();
    await expect(expectStatus(dispatcher, { method: 'POST', path: '/taken', body: '{}' }, 201)).rejects.toThrow(
      'POST /taken: expected 201, got 409: {"kind":"Status","reason":"AlreadyExists"}',
    );
    await expect(expectStatus(dispatcher, { method: 'POST', path: '/ok', body: '{"a":1}' }, 200)).rejects.toThrow('POST /ok: expected 200, got 201: {"filler":"xxx');
  });
});
