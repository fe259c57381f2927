import http from 'node:http';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningPort } from './listening-port.test-support.ts';
import { httpProbe, type HttpProbeTarget } from './http-probe.ts';

// a self-signed certificate for 'probe-test', valid until 2126: kubelet checks none
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgprJ5Sxci2e4efbT4
NTestF2iC1vubPCGiBKuQOm0mjihRANCAARMuNdTJ9qdB5c2jPqTPQniItY5eGBq
K5b+01Easz5lR7hqBGhaB+V7SRMuVfyrJVip1D1wSpexOQSS+YL00V0X
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBgjCCASegAwIBAgIUI6h7+b8W7m6LjeOGT5gbnpBxlAgwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKcHJvYmUtdGVzdDAgFw0yNjExMjYxNTMyMTZaGA8yMTI2MTEw
MjE1MzIxNlowFTETMBEGA1UEAwwKcHJvYmUtdGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABEy411Mn2p0HlzaM+pM9CeIi1jl4YGorlv7TURqzPmVHuGoEaFoH
5XtJEy5V/KslWKnUPXBKl7E5BJL5gvTRXRejUzBRMB0GA1UdDgQWBBRnyW/2uQbD
bizMUeg5R7hkysw5LjAfBgNVHSMEGDAWgBRnyW/2uQbDbizMUeg5R7hkysw5LjAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDtj1mcLUUeXi4Rtuiw
WOlYEj0aaZOcB0497KRc0beKKwIhAIdsGLC5GTYRzmw2ZLsYcMlTDLR2dohC5PWl
p4b4Ll77
-----END CERTIFICATE-----`;

const servers: http.Server[] = [];

async function serve(handler: http.RequestListener, secure = false): Promise<number> {
  const server = secure ? https.createServer({ key: TEST_KEY, cert: TEST_CERT }, handler) : http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return listeningPort(server);
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function target(port: number, extra: Partial<HttpProbeTarget> = {}): HttpProbeTarget {
  return { scheme: 'HTTP', host: '127.0.0.1', port, path: '/healthz', headers: [], timeoutMs: 2000, ...extra };
}

describe('httpGet probe', () => {
  it.each([
    [200, 'success'],
    [204, 'success'],
    [304, 'warning'],
    [399, 'warning'],
    [400, 'failure'],
    [500, 'failure'],
  ] as const)('status %i is a %s', async (status, result) => {
    const port = await serve((_req, res) => {
      res.statusCode = status;
      res.end();
    });
    expect((await httpProbe(target(port))).result).toBe(result);
  });

  it('says which status failed it, without the body', async () => {
    const port = await serve((_req, res) => {
      res.statusCode = 500;
      res.end('secret details');
    });
    expect(await httpProbe(target(port))).toEqual({ result: 'failure', output: 'HTTP probe failed with statuscode: 500' });
  });

  it('sends kubelet\'s headers and the declared ones, canonicalised', async () => {
    let seen: http.IncomingHttpHeaders = {};
    let path = '';
    const port = await serve((req, res) => {
      seen = req.headers;
      path = req.url ?? '';
      res.end('ok');
    });
    const run = await httpProbe(
      target(port, {
        path: '/ready?full=1',
        headers: [
          { name: 'x-custom', value: 'a' },
          { name: 'Host', value: 'app.example' },
        ],
      }),
    );
    expect(run).toEqual({ result: 'success', output: 'ok' });
    expect(path).toBe('/ready?full=1');
    expect(seen['user-agent']).toBe('kube-probe/1.32');
    expect(seen['accept']).toBe('*/*');
    expect(seen['x-custom']).toBe('a');
    expect(seen['host']).toBe('app.example');
    expect(seen['connection']).toBe('close');
  });

  it('lets the probe override User-Agent and drop Accept', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const port = await serve((req, res) => {
      seen = req.headers;
      res.end();
    });
    await httpProbe(target(port, { headers: [{ name: 'User-Agent', value: 'mine' }, { name: 'Accept', value: '' }] }));
    expect(seen['user-agent']).toBe('mine');
    expect(seen['accept']).toBeUndefined();
  });

  it('follows a redirect to the same host', async () => {
    const paths: string[] = [];
    const port = await serve((req, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/healthz') {
        res.writeHead(302, { location: '/real' });
        res.end();
      } else {
        res.end('fine');
      }
    });
    expect(await httpProbe(target(port))).toEqual({ result: 'success', output: 'fine' });
    expect(paths).toEqual(['/healthz', '/real']);
  });

  it('stops at a redirect to another host with a warning, as success', async () => {
    const port = await serve((_req, res) => {
      res.writeHead(301, { location: 'http://elsewhere.invalid/' });
      res.end('moved');
    });
    expect(await httpProbe(target(port))).toEqual({
      result: 'warning',
      output: 'Probe terminated redirects, Response body: moved',
    });
  });

  it('gives up after 10 requests of a redirect loop', async () => {
    let hits = 0;
    const port = await serve((req, res) => {
      hits++;
      res.writeHead(302, { location: `/loop${hits}` });
      res.end();
    });
    const run = await httpProbe(target(port));
    expect(run.result).toBe('failure');
    expect(run.output).toBe(`Get "http://127.0.0.1:${port}/loop10": stopped after 10 redirects`);
    expect(hits).toBe(10);
  });

  it('reads at most 10 KiB of the body', async () => {
    const port = await serve((_req, res) => {
      res.write('x'.repeat(8 * 1024));
      res.write('y'.repeat(8 * 1024));
      // never ends: a probe that waited for the end would time out
    });
    const run = await httpProbe(target(port));
    expect(run.result).toBe('success');
    expect(run.output).toHaveLength(10 * 1024);
  });

  it('fails with Go\'s text when nothing listens', async () => {
    const port = await serve((_req, res) => res.end());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await httpProbe(target(port, { path: '/' }))).toEqual({
      result: 'failure',
      output: `Get "http://127.0.0.1:${port}/": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  });

  it('fails at the timeout while awaiting headers', async () => {
    const port = await serve(() => undefined);
    const began = Date.now();
    const run = await httpProbe(target(port, { timeoutMs: 150 }));
    expect(Date.now() - began).toBeLessThan(1500);
    expect(run).toEqual({
      result: 'failure',
      output: `Get "http://127.0.0.1:${port}/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
  });

  it('is an error when the host cannot make a URL', async () => {
    const run = await httpProbe(target(80, { host: 'bad host' }));
    expect(run.result).toBe('unknown');
    expect(run.error).toBeDefined();
  });

  it('probes HTTPS without verifying the certificate', async () => {
    const port = await serve((_req, res) => res.end('tls ok'), true);
    expect(await httpProbe(target(port, { scheme: 'HTTPS' }))).toEqual({ result: 'success', output: 'tls ok' });
  });

  it('reports an HTTPS probe of a plain HTTP port as Go does', async () => {
    const port = await serve((_req, res) => res.end());
    const run = await httpProbe(target(port, { scheme: 'HTTPS' }));
    expect(run.result).toBe('failure');
    expect(run.output).toBe(`Get "https://127.0.0.1:${port}/healthz": http: server gave HTTP response to HTTPS client`);
  });
});
