import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, WatchEventType } from '../api/types/meta.ts';
import { ApiConnectionError, createHttpApiClient } from './http-client.ts';
import { sendJson, startFakeServer, type FakeServer } from './http-fake-server.ts';
import { Resources } from './resources.ts';

const cm = (name: string, rv: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: rv }, ...extra });
const line = (type: string, object: unknown): string => `${JSON.stringify({ type, object })}\n`;
const bookmark = (rv: string): string => line('BOOKMARK', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: rv } });

let server: FakeServer | undefined;
let close: (() => void) | undefined;

afterEach(async () => {
  close?.();
  await server?.close();
  server = undefined;
  close = undefined;
});

/** A fake API server whose watch answer is `chunks`, written one by one, then ended unless `end` is false. */
async function watchServer(chunks: (string | Buffer)[], end = true): Promise<FakeServer> {
  server = await startFakeServer(async (_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    for (const chunk of chunks) {
      res.write(chunk);
      // Separate writes reach the client as separate chunks.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (end) res.end();
  });
  return server;
}

function client(url: string): ReturnType<typeof createHttpApiClient> {
  const c = createHttpApiClient({ server: url, token: 'sekret', userAgent: 'kubernel-agent/0.1.0' });
  close = () => c.close();
  return c;
}

async function collect(url: string, allowBookmarks = false): Promise<{ events: string[]; done: Error | undefined }> {
  const events: string[] = [];
  const watch = await client(url).watch(Resources.configMaps, 'ns', { resourceVersion: '5', allowBookmarks, labelSelector: 'app=web' }, (type: WatchEventType, object) => {
    events.push(`${type} ${object.metadata.name ?? ''} ${object.metadata.resourceVersion ?? ''} ${JSON.stringify(object['data'] ?? {})}`);
  });
  return { events, done: await watch.done };
}

describe('the HTTP watch stream', () => {
  it('sends the watch query, token and agent, and ends cleanly when the server ends the stream', async () => {
    const fake = await watchServer([line('ADDED', cm('a', '6'))]);
    const { events, done } = await collect(fake.url, true);
    expect(done).toBeUndefined();
    expect(events).toEqual(['ADDED a 6 {}']);
    const request = fake.requests[0];
    expect(request?.path).toBe('/api/v1/namespaces/ns/configmaps');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ watch: '1', resourceVersion: '5', allowWatchBookmarks: 'true', labelSelector: 'app=web' });
    expect(request?.headers).toMatchObject({ authorization: 'Bearer sekret', accept: 'application/json', 'user-agent': 'kubernel-agent/0.1.0' });
  });

  it('reassembles lines and UTF-8 characters cut across chunks', async () => {
    const text = line('ADDED', cm('a', '6', { data: { k: 'é☃😀' } })) + line('MODIFIED', cm('a', '7', { data: { k: 'ü' } }));
    const bytes = Buffer.from(text, 'utf8');
    const emojiAt = bytes.indexOf(Buffer.from('😀', 'utf8'));
    const umlautAt = bytes.indexOf(Buffer.from('ü', 'utf8'));
    const cuts = [10, emojiAt + 2, umlautAt + 1, bytes.length];
    const chunks = cuts.map((cut, i) => bytes.subarray(i === 0 ? 0 : (cuts[i - 1] ?? 0), cut));
    const { events, done } = await collect((await watchServer(chunks)).url);
    expect(done).toBeUndefined();
    expect(events).toEqual(['ADDED a 6 {"k":"é☃😀"}', 'MODIFIED a 7 {"k":"ü"}']);
  });

  it.each([
    ['without allowBookmarks: bookmarks are not events, and not asked for', false, ['ADDED a 6 {}', 'DELETED a 8 {}']],
    ['with allowBookmarks: bookmarks reach onEvent', true, ['ADDED a 6 {}', 'BOOKMARK  7 {}', 'DELETED a 8 {}']],
  ])('%s', async (_what, allowBookmarks, expected) => {
    const fake = await watchServer([line('ADDED', cm('a', '6')), bookmark('7'), line('DELETED', cm('a', '8'))]);
    const { events } = await collect(fake.url, allowBookmarks);
    expect(events).toEqual(expected);
    expect(fake.requests[0]?.query.has('allowWatchBookmarks')).toBe(allowBookmarks);
  });

  it('an ERROR event with a 410 Status ends the watch with Expired, and nothing after it is delivered', async () => {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 5 (40)' };
    const fake = await watchServer([line('ADDED', cm('a', '6')), line('ERROR', status), line('ADDED', cm('b', '9'))], false);
    const { events, done } = await collect(fake.url);
    expect(events).toEqual(['ADDED a 6 {}']);
    expect(isApiError(done, 'Expired')).toBe(true);
    expect(done?.message).toBe('too old resource version: 5 (40)');
  });

  it.each([
    ['a line that is not JSON', 'not json\n', /^malformed watch event from the API server at http:\/\/127\.0\.0\.1:\d+: not json$/],
    ['an unknown event type', line('SURPRISE', cm('a', '6')), /^unexpected watch event/],
    ['an object without metadata', line('ADDED', { kind: 'ConfigMap' }), /^unexpected watch event/],
  ])('%s ends the watch with an error', async (_what, chunk, message) => {
    const { done } = await collect((await watchServer([chunk], false)).url);
    expect(done?.message).toMatch(message);
  });

  it('a connection cut mid-stream ends the watch with a connection error', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(line('ADDED', cm('a', '6')));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { events, done } = await collect(server.url);
    expect(events).toEqual(['ADDED a 6 {}']);
    expect(done).toBeInstanceOf(ApiConnectionError);
    expect(done?.message).toMatch(/watch connection to the API server at http:\/\/127\.0\.0\.1:\d+ broke/);
  });

  it('what onEvent throws ends the watch with that error', async () => {
    const fake = await watchServer([line('ADDED', cm('a', '6')), line('ADDED', cm('b', '7'))], false);
    const seen: string[] = [];
    const watch = await client(fake.url).watch(Resources.configMaps, 'ns', { resourceVersion: '5' }, (_type, object) => {
      seen.push(object.metadata.name ?? '');
      throw new Error('handler failed');
    });
    expect((await watch.done)?.message).toBe('handler failed');
    expect(seen).toEqual(['a']);
  });

  it('close() ends the watch with undefined and drops the connection', async () => {
    const fake = await watchServer([line('ADDED', cm('a', '6'))], false);
    const events: string[] = [];
    const watch = await client(fake.url).watch(Resources.configMaps, 'ns', { resourceVersion: '5' }, (type) => events.push(type));
    await expect.poll(() => events).toEqual(['ADDED']);
    watch.close();
    expect(await watch.done).toBeUndefined();
    await expect.poll(() => fake.closedEarly()).toBe(1);
  });

  it('closing the client ends its watches', async () => {
    const fake = await watchServer([], false);
    const c = client(fake.url);
    const watch = await c.watch(Resources.configMaps, undefined, { resourceVersion: '' }, () => undefined);
    expect(Object.fromEntries(fake.requests[0]?.query ?? [])).toEqual({ watch: '1' });
    c.close();
    expect(await watch.done).toBeUndefined();
  });

  it('a refused watch rejects with the ApiError of its Status', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 400, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 400, reason: 'BadRequest', message: 'unable to parse requirement' }),
    );
    const watching = client(server.url).watch(Resources.configMaps, 'ns', { resourceVersion: '', labelSelector: '!!' }, () => undefined);
    await expect(watching).rejects.toSatisfy((e) => isApiError(e, 'BadRequest') && e.message === 'unable to parse requirement');
  });
});
