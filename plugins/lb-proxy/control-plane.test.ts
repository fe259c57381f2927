import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord } from '../../core/index.ts';
import { Resources } from '../../core/client/resources.ts';
import { startCluster, type TestCluster } from '../../test/e2e/support/cluster.ts';
import { serviceRange } from '../../test/e2e/support/services.ts';
import { countBy, httpGet, startHttpBackend, type HttpBackend } from './proxy-test-kit.ts';

/**
 * lb/proxy started by a real control plane and fed by the core's
 * ServiceCatalog (Services + EndpointSlices through the API). The endpoints
 * are HTTP servers on addresses this test adds to `lo` (the API refuses
 * loopback endpoint addresses, as Kubernetes does), named in a hand-written
 * EndpointSlice of a selector-less Service, so no pod or Docker is needed.
 */
let cluster: TestCluster;
let backends: HttpBackend[];
const range = serviceRange();
let backendRange = serviceRange();
while (backendRange.cidr === range.cidr) backendRange = serviceRange();
const prefix = backendRange.cidr.replace(/\.0\/24$/, '');
const backendIPs = [10, 11, 12].map((n) => `${prefix}.${n}`);

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' });
}

beforeAll(async () => {
  for (const address of backendIPs) ip('addr', 'add', `${address}/32`, 'dev', 'lo');
  // an EndpointSlice has one port for all its endpoints: the backends share it, on different addresses
  const first = await startHttpBackend(backendIPs[0] ?? '');
  backends = [first, await startHttpBackend(backendIPs[1] ?? '', first.port), await startHttpBackend(backendIPs[2] ?? '', first.port)];
  cluster = await startCluster(`services:\n  clusterIPRange: ${range.cidr}\nplugins:\n  - name: lb/proxy\n    options: { algorithm: round-robin, removedEndpointGraceSeconds: 1 }\n`);
});

afterAll(async () => {
  await cluster?.stop();
  await Promise.all((backends ?? []).map((b) => b.close()));
  for (const address of backendIPs) ip('addr', 'del', `${address}/32`, 'dev', 'lo');
  // the proxy removes the ClusterIPs it added when it stops
  expect(ip('-o', 'addr', 'show', 'dev', 'lo')).not.toContain(` ${range.cidr.replace(/0\/24$/, '')}`);
});

function slice(ready: (index: number) => boolean): Record<string, unknown> {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-manual', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'test.kubernel.dev' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: backends[0]?.port ?? 0, protocol: 'TCP' }],
    endpoints: backends.map((b, i) => ({ addresses: [b.ip], conditions: { ready: ready(i), serving: ready(i), terminating: false } })),
  };
}

describe('lb/proxy in a control plane', () => {
  it('routes a ClusterIP to EndpointSlice endpoints and stops sending to one within a second of it turning unready', async () => {
    const port = backends[0]?.port ?? 0;
    const { client } = cluster.plane;
    const created = await client.create(Resources.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { ports: [{ name: 'http', port: 80, targetPort: port, protocol: 'TCP' }] },
    });
    const clusterIP = isRecord(created['spec']) && typeof created['spec']['clusterIP'] === 'string' ? created['spec']['clusterIP'] : '';
    expect(clusterIP.startsWith(range.cidr.replace(/0\/24$/, ''))).toBe(true);
    await client.create(Resources.endpointSlices, { metadata: { name: 'web-manual' }, ...slice(() => true) });
    const answers = await eventuallyAll(() => requests(30, clusterIP));
    expect(Object.values(countBy(answers))).toEqual([10, 10, 10]);

    const current = await client.get(Resources.endpointSlices, 'default', 'web-manual');
    await client.update(Resources.endpointSlices, { ...current, ...slice((i) => i !== 1), metadata: current.metadata });
    const changedAt = Date.now();
    // requests without pause for 1.5 s: the last one the unready endpoint answers must come within 1 s of the update
    const answered: { at: number; by: string }[] = [];
    while (Date.now() - changedAt < 1500) answered.push({ by: await httpGet(clusterIP, 80), at: Date.now() - changedAt });
    const lastToUnready = Math.max(0, ...answered.filter((a) => a.by === `${prefix}.11`).map((a) => a.at));
    expect(lastToUnready).toBeLessThan(1000);
    const late = answered.filter((a) => a.at >= 1000);
    expect(late.length).toBeGreaterThan(10);
    expect(new Set(late.map((a) => a.by))).toEqual(new Set([`${prefix}.10`, `${prefix}.12`]));
  });
});

async function requests(count: number, host: string): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) answers.push(await httpGet(host, 80));
  return answers;
}

async function eventuallyAll<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
