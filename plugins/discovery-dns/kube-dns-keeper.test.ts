import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { isRecord, Resources, type KubeObject } from '../../core/index.ts';
import { startCluster, type TestCluster } from '../../test/e2e/support/cluster.ts';
import { KubeDnsKeeper } from './kube-dns-keeper.ts';
import { KUBE_DNS_SLICE_NAME, MANAGED_BY } from './kube-dns-objects.ts';
import { endpointInfo, FakeCatalog, serviceInfo } from './testing/fake-catalog.ts';

const logger = pino({ level: 'silent' });

function specOf(object: KubeObject): Record<string, unknown> {
  return isRecord(object['spec']) ? object['spec'] : {};
}

describe('KubeDnsKeeper against a real API server', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('creates kube-dns with the DNS Service IP, no selector, ports dns/UDP and dns-tcp/TCP, and endpoints at the server', async () => {
    const catalog = new FakeCatalog();
    const keeper = new KubeDnsKeeper(cluster.plane.client, catalog, { clusterIP: '10.96.0.10', endpointIPs: ['10.96.0.10'], port: 53 }, logger);
    keeper.start();
    await keeper.idle();
    keeper.stop();

    const client = cluster.plane.client;
    const service = await client.get(Resources.services, 'kube-system', 'kube-dns');
    const spec = specOf(service);
    expect(spec['clusterIP']).toBe('10.96.0.10');
    expect(spec['type']).toBe('ClusterIP');
    expect(spec['selector']).toBeUndefined();
    expect(spec['ports']).toEqual([
      expect.objectContaining({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }),
      expect.objectContaining({ name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }),
    ]);
    expect(service.metadata.labels).toMatchObject({ 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' });

    const endpoints = await client.get(Resources.endpoints, 'kube-system', 'kube-dns');
    expect(endpoints['subsets']).toEqual([
      {
        addresses: [{ ip: '10.96.0.10' }],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      },
    ]);
    const slice = await client.get(Resources.endpointSlices, 'kube-system', KUBE_DNS_SLICE_NAME);
    expect(slice.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'kube-dns', 'endpointslice.kubernetes.io/managed-by': MANAGED_BY });
    expect(slice.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'kube-dns', uid: service.metadata.uid })]);
    expect(slice['addressType']).toBe('IPv4');
    expect(slice['endpoints']).toEqual([{ addresses: ['10.96.0.10'], conditions: { ready: true, serving: true, terminating: false } }]);
  });

  it('changes nothing when everything is as wanted (no update churn)', async () => {
    const client = cluster.plane.client;
    const before = await Promise.all([
      client.get(Resources.endpoints, 'kube-system', 'kube-dns'),
      client.get(Resources.endpointSlices, 'kube-system', KUBE_DNS_SLICE_NAME),
    ]);
    const keeper = new KubeDnsKeeper(client, new FakeCatalog(), { clusterIP: '10.96.0.10', endpointIPs: ['10.96.0.10'], port: 53 }, logger);
    keeper.start();
    await keeper.idle();
    keeper.stop();
    const after = await Promise.all([
      client.get(Resources.endpoints, 'kube-system', 'kube-dns'),
      client.get(Resources.endpointSlices, 'kube-system', KUBE_DNS_SLICE_NAME),
    ]);
    expect(after.map((o) => o.metadata.resourceVersion)).toEqual(before.map((o) => o.metadata.resourceVersion));
  });

  it('recreates the Service when it is deleted, and repoints its endpoints when they drift', async () => {
    const client = cluster.plane.client;
    const catalog = new FakeCatalog();
    const keeper = new KubeDnsKeeper(client, catalog, { clusterIP: '10.96.0.10', endpointIPs: ['10.96.0.10'], port: 53 }, logger);
    keeper.start();
    await keeper.idle();

    await client.delete(Resources.services, 'kube-system', 'kube-dns');
    catalog.delete('kube-system', 'kube-dns');
    await keeper.idle();
    const recreated = await client.get(Resources.services, 'kube-system', 'kube-dns');
    expect(specOf(recreated)['clusterIP']).toBe('10.96.0.10');

    const endpoints = await client.get(Resources.endpoints, 'kube-system', 'kube-dns');
    await client.update(Resources.endpoints, { ...endpoints, subsets: [{ addresses: [{ ip: '10.1.1.1' }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }] });
    catalog.set(serviceInfo({ name: 'kube-dns', namespace: 'kube-system', clusterIP: '10.96.0.10', endpoints: [endpointInfo('10.1.1.1')] }));
    await keeper.idle();
    keeper.stop();
    const repaired = await client.get(Resources.endpoints, 'kube-system', 'kube-dns');
    expect(repaired['subsets']).toEqual([expect.objectContaining({ addresses: [{ ip: '10.96.0.10' }] })]);
    const slice = await client.get(Resources.endpointSlices, 'kube-system', KUBE_DNS_SLICE_NAME);
    expect(slice.metadata.ownerReferences?.[0]?.uid).toBe(recreated.metadata.uid);
  });

  it('leaves a kube-dns Service with a selector (someone else\'s DNS) and its endpoints alone', async () => {
    const client = cluster.plane.client;
    await client.delete(Resources.services, 'kube-system', 'kube-dns');
    await client.delete(Resources.endpoints, 'kube-system', 'kube-dns');
    await client.create(Resources.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
      spec: { selector: { 'k8s-app': 'kube-dns' }, clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
    });
    const keeper = new KubeDnsKeeper(client, new FakeCatalog(), { clusterIP: '10.96.0.10', endpointIPs: ['10.96.0.10'], port: 53 }, logger);
    keeper.start();
    await keeper.idle();
    keeper.stop();
    await expect(client.get(Resources.endpoints, 'kube-system', 'kube-dns')).rejects.toMatchObject({ code: 'NotFound' });
  });
});
