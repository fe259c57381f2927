/**
 * The plugin as kubernel.yaml loads it: a control plane with `discovery/dns`
 * in its plugins starts the server on the core's ServiceCatalog, keeps the
 * kube-dns Service and its endpoints, and answers for Services created
 * through the API.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, Resources } from '../../core/index.ts';
import { startCluster, type TestCluster } from '../../test/e2e/support/cluster.ts';
import { queryTcp, queryUdp, rcodeOf, records } from './testing/dns-client.ts';

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The server adds its address to lo, which needs root; elsewhere it would fall back to 127.0.0.1 and keep no Service. */
const root = process.getuid?.() === 0;
if (!root) console.warn('[kubernel tests] SKIPPING discovery/dns control-plane tests: adding an address to lo needs root');

describe.skipIf(!root)('discovery/dns in a control plane', () => {
  // the server's own address on lo, so that parallel test files never share one
  const address = `10.99.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  let cluster: TestCluster;
  let port = 0;

  beforeAll(async () => {
    const options = JSON.stringify({ listen: [address], port: 0, upstream: [] });
    cluster = await startCluster(`plugins:\n  - name: discovery/dns\n    options: ${options}\n`);
    const endpoints = await eventually(
      () => cluster.plane.client.get(Resources.endpoints, 'kube-system', 'kube-dns').catch(() => undefined),
      (value) => value !== undefined,
    );
    const subsets = endpoints?.['subsets'];
    const ports = Array.isArray(subsets) && isRecord(subsets[0]) && Array.isArray(subsets[0]['ports']) ? subsets[0]['ports'] : [];
    port = Number(isRecord(ports[0]) ? ports[0]['port'] : 0);
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('keeps kube-dns in kube-system at the DNS Service IP, its endpoints at the server', async () => {
    const service = await cluster.plane.client.get(Resources.services, 'kube-system', 'kube-dns');
    expect(isRecord(service['spec']) ? service['spec']['clusterIP'] : undefined).toBe('10.96.0.10');
    expect(port).toBeGreaterThan(0);
    const answer = await eventually(
      () => queryUdp(port, 'kube-dns.kube-system.svc.cluster.local', 'A', { address }),
      (response) => response.answers?.length === 1,
    );
    expect(records(answer.answers)).toEqual(['kube-dns.kube-system.svc.cluster.local A 10.96.0.10']);
  });

  it('answers for a Service created through the API, over UDP and TCP, and forgets it when deleted', async () => {
    const client = cluster.plane.client;
    await client.create(Resources.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
    });
    const created = await client.get(Resources.services, 'default', 'web');
    const clusterIP = isRecord(created['spec']) ? created['spec']['clusterIP'] : undefined;
    expect(typeof clusterIP).toBe('string');
    const answer = await eventually(
      () => queryUdp(port, 'web.default.svc.cluster.local', 'A', { address }),
      (response) => rcodeOf(response) === 'NOERROR' && (response.answers?.length ?? 0) > 0,
    );
    expect(records(answer.answers)).toEqual([`web.default.svc.cluster.local A ${String(clusterIP)}`]);
    const srv = await queryTcp(port, '_http._tcp.web.default.svc.cluster.local', 'SRV', { address });
    expect(records(srv.answers)).toEqual(['_http._tcp.web.default.svc.cluster.local SRV 0 100 80 web.default.svc.cluster.local']);

    await client.delete(Resources.services, 'default', 'web');
    const gone = await eventually(
      () => queryUdp(port, 'web.default.svc.cluster.local', 'A', { address }),
      (response) => rcodeOf(response) === 'NXDOMAIN',
    );
    expect(rcodeOf(gone)).toBe('NXDOMAIN');
  });
});
