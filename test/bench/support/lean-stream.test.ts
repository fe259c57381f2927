import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServingPki } from '../../../core/server/pki.ts';
import { eventually } from '../../e2e/support/eventually.ts';
import type { ApiTarget } from './control-plane-process.ts';
import { useServingPkis } from './serving-pki-fixture.ts';
import { openLeanStream, type LeanStream } from './lean-stream.ts';

let server: Server | undefined;
let stream: LeanStream | undefined;
/** the request lines and headers the server saw */
const seen: string[] = [];
/** the open /watch response, for the test to write to */
let watchResponse: ServerResponse | undefined;

const pkis = useServingPkis('lean-stream-');

afterEach(async () => {
  stream?.close();
  stream = undefined;
  watchResponse = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
  seen.length = 0;
});

/** A real HTTPS server: /watch answers 200 chunked and leaves the body to the test, /sized 200 with Content-Length, anything else 403 with a Status. */
async function start(servingPki: ServingPki = pkis.cluster): Promise<ApiTarget> {
  server = createServer({ cert: servingPki.certPem, key: servingPki.keyPem }, (req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host} auth=${req.headers.authorization}`);
    if (req.url === '/watch') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      watchResponse = res;
    } else if (req.url === '/sized') res.writeHead(200, { 'content-length': '2' }).end('{}');
    else res.writeHead(403, { 'content-type': 'application/json' }).end('{"kind":"Status","reason":"Forbidden"}');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `https://127.0.0.1:${port}`, token: 'secret', caPem: pkis.cluster.caCertPem };
}

/** Opens /watch, collecting the body as text and the reasons it ended. */
async function openWatch(target: ApiTarget): Promise<{ body: () => string; ends: string[] }> {
  let body = '';
  const ends: string[] = [];
  stream = await openLeanStream(target, '/watch', { authorization: `Bearer ${target.token}` }, {
    onBody: (bytes, start, end) => (body += bytes.toString('utf8', start, end)),
    onEnd: (reason) => ends.push(reason),
  });
  return { body: () => body, ends };
}

describe('openLeanStream', () => {
  it('sends the path, the host and the headers, and hands on the body as it arrives', async () => {
    const target = await start();
    const watch = await openWatch(target);
    expect(seen).toEqual([`GET /watch host=${new URL(target.url).host} auth=Bearer secret`]);
    watchResponse?.write('{"type":"ADDED","é":1}\n');
    await eventually(() => expect(watch.body()).toBe('{"type":"ADDED","é":1}\n'));
    // Larger than a TLS record, and than the read buffer.
    const large = `{"filler":"${'x'.repeat(40_000)}"}\n`;
    watchResponse?.write(large);
    await eventually(() => expect(watch.body()).toBe(`{"type":"ADDED","é":1}\n${large}`));
    expect(watch.ends).toEqual([]);
  });

  it('says when the server ends the body', async () => {
    const target = await start();
    const watch = await openWatch(target);
    watchResponse?.end('{"last":true}\n');
    await eventually(() => expect(watch.ends).toEqual(['the server ended the stream']));
    expect(watch.body()).toBe('{"last":true}\n');
  });

  it('says when the connection closes mid-stream', async () => {
    const target = await start();
    const watch = await openWatch(target);
    watchResponse?.socket?.destroy();
    await eventually(() => expect(watch.ends).toEqual(['the connection closed']));
  });

  it('says nothing once it was closed by its owner', async () => {
    const target = await start();
    const watch = await openWatch(target);
    stream?.close();
    await eventually(() => expect(watchResponse?.destroyed).toBe(true));
    expect(watch.ends).toEqual([]);
  });

  it.each([
    ['/forbidden', 'GET /forbidden: got 403: {"kind":"Status","reason":"Forbidden"}'],
    ['/sized', 'GET /sized: got 200 without a chunked body: {}'],
  ])('rejects an answer to %s that is not a chunked 200, with its status and body', async (path, error) => {
    const target = await start();
    await expect(openLeanStream(target, path, {}, { onBody: () => undefined, onEnd: () => undefined })).rejects.toThrow(error);
  });

  it('trusts only the cluster CA', async () => {
    const target = await start(pkis.other);
    await expect(openLeanStream(target, '/watch', {}, { onBody: () => undefined, onEnd: () => undefined })).rejects.toThrow(/self-signed|unable to verify|certificate/);
    expect(seen).toEqual([]);
  });
});
