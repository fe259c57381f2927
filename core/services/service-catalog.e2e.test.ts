import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../test/e2e/support/cluster.ts';
import { eventually } from '../../test/e2e/support/eventually.ts';
import type { KubeObject } from '../api/types/meta.ts';
import { Resources } from '../client/resources.ts';
import type { ServiceInfo } from '../contracts/discovery.ts';
import { KernelError } from '../kernel/errors.ts';
import { InformerServiceCatalog } from './service-catalog.ts';

const logger = pino({ level: 'silent' });
const recordingPlugin = fileURLToPath(new URL('./testdata/recording-service-plugin.ts', import.meta.url));

function service(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', labels },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  };
}

function slice(name: string, serviceName: string, endpoints: { ip: string; ready: boolean }[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': serviceName } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready, serving: e.ready, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${e.ip}` } })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

const view = (info: ServiceInfo | undefined): [string, boolean, number | undefined][] | undefined => info?.endpoints.map((e) => [e.ip, e.ready, e.ports.get('http')]);

describe('InformerServiceCatalog over a real API server', () => {
  let cluster: TestCluster;
  let catalog: InformerServiceCatalog;
  const changes: [string, boolean][] = [];

  beforeAll(async () => {
    cluster = await startCluster('store:\n  backend: memory\n');
    const client = cluster.plane.client;
    // Present before the catalog starts: the first list must join them.
    await client.create(Resources.endpointSlices, slice('early-a', 'early', [{ ip: '10.1.0.1', ready: true }]));
    await client.create(Resources.services, service('early'));
    catalog = new InformerServiceCatalog({ client, logger });
    catalog.onChange((key, info) => changes.push([key, info !== undefined]));
    catalog.start();
    await catalog.synced();
  });

  afterAll(async () => {
    catalog.stop();
    await cluster.stop();
  });

  it('has what existed before it started once synced', () => {
    expect(view(catalog.get('default', 'early'))).toEqual([['10.1.0.1', true, 8080]]);
    expect(catalog.services().map((s) => s.name)).toContain('early');
  });

  it('merges slices, follows their label, and sees an endpoint turn unready within a few ms of the write', async () => {
    const client = cluster.plane.client;
    await client.create(Resources.services, service('web'));
    await client.create(Resources.endpointSlices, slice('web-a', 'web', [{ ip: '10.2.0.1', ready: true }, { ip: '10.2.0.2', ready: true }]));
    await client.create(Resources.endpointSlices, slice('web-b', 'web', [{ ip: '10.2.0.3', ready: false }]));
    await client.create(Resources.endpointSlices, slice('other-a', 'other', [{ ip: '10.2.0.9', ready: true }]));
    await eventually(() =>
      expect(view(catalog.get('default', 'web'))).toEqual([
        ['10.2.0.1', true, 8080],
        ['10.2.0.2', true, 8080],
        ['10.2.0.3', false, 8080],
      ]),
    );
    expect(catalog.get('default', 'web')?.endpoints[0]?.podName).toBe('pod-10.2.0.1');

    /** ms from the start and from the end of the write that makes `ip` unready to the catalog's onChange saying so */
    const timeUntilUnready = async (ip: string, index: number): Promise<[number, number]> => {
      const seen = new Promise<number>((resolve) => {
        const off = catalog.onChange((key, info) => {
          if (key !== 'default/web' || info?.endpoints.find((e) => e.ip === ip)?.ready !== false) return;
          off();
          resolve(performance.now());
        });
      });
      const before = performance.now();
      await client.patch(Resources.endpointSlices, 'default', 'web-a', 'json', [
        { op: 'replace', path: `/endpoints/${index}/conditions/ready`, value: false },
        { op: 'replace', path: `/endpoints/${index}/conditions/serving`, value: false },
      ]);
      const written = performance.now();
      const at = await seen;
      return [at - before, at - written];
    };
    // The first change pays for cold code paths; the second is what a running cluster sees.
    const [coldTotal] = await timeUntilUnready('10.2.0.2', 1);
    expect(coldTotal).toBeLessThan(500);
    const [total, afterWrite] = await timeUntilUnready('10.2.0.1', 0);
    expect(total).toBeLessThan(100);
    expect(afterWrite).toBeLessThan(20);
    expect(view(catalog.get('default', 'web'))?.map(([, ready]) => ready)).toEqual([false, false, false]);

    // A slice relabelled to another Service leaves this one and joins that one.
    await client.create(Resources.services, service('other'));
    await client.patch(Resources.endpointSlices, 'default', 'web-b', 'merge', { metadata: { labels: { 'kubernetes.io/service-name': 'other' } } });
    await eventually(() => {
      expect(view(catalog.get('default', 'web'))?.map(([ip]) => ip)).toEqual(['10.2.0.1', '10.2.0.2']);
      expect(view(catalog.get('default', 'other'))?.map(([ip]) => ip)).toEqual(['10.2.0.3', '10.2.0.9']);
    });
  });

  it('tells nothing for a change no plugin reads, and undefined when the Service is deleted', async () => {
    const client = cluster.plane.client;
    await client.create(Resources.services, service('gone'));
    await eventually(() => expect(changes).toContainEqual(['default/gone', true]));
    const count = changes.filter(([key]) => key === 'default/gone').length;
    await client.patch(Resources.services, 'default', 'gone', 'merge', { metadata: { labels: { team: 'a' } } });
    await client.create(Resources.endpointSlices, slice('gone-a', 'gone', [{ ip: '10.3.0.1', ready: true }]));
    await eventually(() => expect(view(catalog.get('default', 'gone'))).toEqual([['10.3.0.1', true, 8080]]));
    // the label patch told no one; the slice did, once
    expect(changes.filter(([key]) => key === 'default/gone').length).toBe(count + 1);

    await client.delete(Resources.services, 'default', 'gone');
    await eventually(() => expect(changes.at(-1)).toEqual(['default/gone', false]));
    expect(catalog.get('default', 'gone')).toBeUndefined();
    expect(catalog.services().map((s) => s.name)).not.toContain('gone');
  });
});

describe('the control plane starts service plugins', () => {
  it('after the catalog synced, with the network of kubernel.yaml, and again after a restart', async () => {
    const yaml = `services:\n  clusterIPRange: 10.97.0.0/16\n  clusterDomain: kubernel.test\nplugins:\n  - path: ${recordingPlugin}\n    options: { configMap: lb-record }\n`;
    const cluster = await startCluster(yaml);
    try {
      const client = cluster.plane.client;
      expect(cluster.plane.servicePlugins?.started).toEqual(['test/recording-lb']);
      const first = await client.get(Resources.configMaps, 'default', 'lb-record');
      expect(first['data']).toMatchObject({ dnsServiceIP: '10.97.0.10', clusterDomain: 'kubernel.test' });

      await client.create(Resources.services, service('before-restart'));
      await cluster.restart();
      const second = await cluster.plane.client.get(Resources.configMaps, 'default', 'lb-record');
      const data = second['data'];
      const services = typeof data === 'object' && data !== null && 'services' in data ? String(data.services) : '';
      expect(services.split(',')).toContain('default/before-restart');
    } finally {
      await cluster.stop();
    }
  });

  it('refuses to start when a plugin fails, naming it', async () => {
    const yaml = `plugins:\n  - path: ${recordingPlugin}\n    options: { failStart: true }\n`;
    const started = startCluster(yaml);
    await expect(started).rejects.toThrow(KernelError);
    await expect(started).rejects.toThrow('plugin test/recording-lb (load balancer) failed to start: cannot bind 10.96.0.10:53');
  });
});
