// The PKI code's x509 library needs the reflect polyfill the kernel loads; this file may load it first.
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiError } from '../api/errors.ts';
import { ensureServingPki } from '../server/pki.ts';
import { startCluster, type TestCluster } from '../../test/e2e/support/cluster.ts';
import { freePort } from '../../test/e2e/support/server-process.ts';
import { ApiConnectionError, createHttpApiClient, type HttpClientOptions } from './http-client.ts';
import { Resources } from './resources.ts';

/** What only the HTTPS client can get wrong: credentials, certificates, the server going away. */
let cluster: TestCluster;
let otherCaPem: string;
let otherPkiDir: string;

beforeAll(async () => {
  cluster = await startCluster();
  otherPkiDir = await mkdtemp(join(tmpdir(), 'kubernel-other-ca-'));
  otherCaPem = (await ensureServingPki(otherPkiDir)).caCertPem;
});

afterAll(async () => {
  await cluster.stop();
  await rm(otherPkiDir, { recursive: true, force: true });
});

/** Runs `call` with a client of these options (server and token of the cluster unless given), closing it after. */
async function withClient<T>(options: Partial<HttpClientOptions>, call: (client: ReturnType<typeof createHttpApiClient>) => Promise<T>): Promise<T> {
  const client = createHttpApiClient({ server: cluster.plane.url, token: cluster.plane.adminToken, ca: cluster.plane.caCertPem, ...options });
  try {
    return await call(client);
  } finally {
    client.close();
  }
}

const failureOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'no failure', (error: unknown) => error);

describe('the HTTPS client', () => {
  it('a wrong token is Unauthorized, for requests and watches alike', async () => {
    await withClient({ token: 'not-the-token' }, async (client) => {
      const get = await failureOf(client.get(Resources.namespaces, undefined, 'default'));
      expect(isApiError(get, 'Unauthorized')).toBe(true);
      expect(get).toMatchObject({ message: 'Unauthorized', httpStatus: 401 });
      const watch = await failureOf(client.watch(Resources.pods, undefined, { resourceVersion: '' }, () => undefined));
      expect(isApiError(watch, 'Unauthorized')).toBe(true);
    });
  });

  it.each([
    ['the CA of another cluster', (): Partial<HttpClientOptions> => ({ ca: otherCaPem })],
    ['no CA: the system CAs do not know the cluster CA', (): Partial<HttpClientOptions> => ({ ca: undefined })],
  ])('%s fails with a TLS error naming the server', async (_what, options) => {
    await withClient(options(), async (client) => {
      const error = await failureOf(client.get(Resources.namespaces, undefined, 'default'));
      expect(error).toBeInstanceOf(ApiConnectionError);
      expect(error).toMatchObject({ message: expect.stringMatching(new RegExp(`^cannot reach the API server at ${cluster.plane.url}: TLS certificate verification failed \\(\\w+\\)`)) });
      const watch = await failureOf(client.watch(Resources.pods, undefined, { resourceVersion: '' }, () => undefined));
      expect(watch).toBeInstanceOf(ApiConnectionError);
    });
  });

  it('insecureSkipTlsVerify trusts any certificate', async () => {
    const ns = await withClient({ ca: otherCaPem, insecureSkipTlsVerify: true }, (client) => client.get(Resources.namespaces, undefined, 'default'));
    expect(ns.metadata.name).toBe('default');
  });

  it('a server that is not there fails with a connection error naming it', async () => {
    const url = `https://127.0.0.1:${await freePort()}`;
    await withClient({ server: url }, async (client) => {
      const error = await failureOf(client.list(Resources.pods, undefined));
      expect(error).toBeInstanceOf(ApiConnectionError);
      expect(error).toMatchObject({ code: 'ECONNREFUSED', server: url, message: `cannot reach the API server at ${url}: ECONNREFUSED` });
    });
  });

  it('a server restart ends its watches with an error, and the client goes on working after it', async () => {
    await withClient({}, async (client) => {
      await client.get(Resources.namespaces, undefined, 'default');
      const watch = await client.watch(Resources.configMaps, 'default', { resourceVersion: '' }, () => undefined);
      await cluster.restart();
      // As with the in-process client: the watch cache fails every watch when it stops.
      const done = await watch.done;
      expect(isApiError(done, 'InternalError')).toBe(true);
      expect(done?.message).toBe('the server is shutting down');
      // Kept-alive connections to the old server are gone: the next request must not fail on one.
      const ns = await client.get(Resources.namespaces, undefined, 'default');
      expect(ns.metadata.name).toBe('default');
    });
  });
});
