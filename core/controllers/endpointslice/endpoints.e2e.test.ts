import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../test/e2e/support/cluster.ts';
import { eventually } from '../../../test/e2e/support/eventually.ts';
import { kubectlOk } from '../../../test/e2e/support/kubectl.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { isEndpointSlice, type EndpointSlice } from './objects.ts';
import { subsetsOf } from '../endpoints/subsets.ts';

/**
 * The EndpointSlice and Endpoints controllers in a real control plane with a
 * simulated node pool: pods of a Deployment run at once and turn Ready when
 * their readiness gate says so, which lets the test flip a pod's readiness.
 */

const GATE = 'kubernel.dev/test-ready';
const POOL = `nodePools:
  - name: sim
    provider: simulated
    options: { count: 2, podStartupMs: 0 }
`;

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

function deployment(replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { readinessGates: [{ conditionType: GATE }], containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  };
}

function condition(pod: KubeObject, type: string): unknown {
  const status = pod['status'];
  const list = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  const found = list.find((c: unknown) => isRecord(c) && c['type'] === type);
  return isRecord(found) ? found['status'] : undefined;
}

async function webPods(client: ApiClient): Promise<KubeObject[]> {
  return (await client.list(Resources.pods, 'default', { labelSelector: 'app=web' })).items.filter((p) => p.metadata.deletionTimestamp === undefined);
}

function setGate(client: ApiClient, name: string, status: 'True' | 'False'): Promise<KubeObject> {
  return client.patch(Resources.pods, 'default', name, 'strategic', { status: { conditions: [{ type: GATE, status }] } }, { subresource: 'status' });
}

/** Opens the readiness gate of every pod of the Deployment that has an IP and a closed gate. */
async function openGates(client: ApiClient): Promise<void> {
  for (const pod of await webPods(client)) {
    const status = pod['status'];
    if (isRecord(status) && typeof status['podIP'] === 'string' && condition(pod, GATE) !== 'True') await setGate(client, pod.metadata.name ?? '', 'True');
  }
}

async function slicesOf(client: ApiClient, name: string): Promise<EndpointSlice[]> {
  const list = await client.list(Resources.endpointSlices, 'default', { labelSelector: `kubernetes.io/service-name=${name}` });
  return list.items.filter(isEndpointSlice);
}

const readyCount = (slices: EndpointSlice[]): number => slices.flatMap((s) => s.endpoints).filter((e) => e.conditions?.ready === true).length;

describe('EndpointSlices and Endpoints of a Service in a real control plane', () => {
  let cluster: TestCluster;
  let client: ApiClient;

  beforeAll(async () => {
    cluster = await startCluster(POOL, { controllers: true });
    client = cluster.plane.client;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('lists the three ready pods of a Deployment in one slice and in the Endpoints', async () => {
    await client.create(Resources.services, service);
    await client.create(Resources.deployments, deployment(3));
    const slices = await eventually(async () => {
      await openGates(client);
      const found = await slicesOf(client, 'web');
      expect(found).toHaveLength(1);
      expect(readyCount(found)).toBe(3);
      return found;
    }, 20_000, 100);
    const slice = slices[0];
    expect(slice?.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice?.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
    expect(slice?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true });
    expect(slice?.addressType).toBe('IPv4');
    expect(slice?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const pods = await webPods(client);
    const podIPs = pods.map((p) => (isRecord(p['status']) ? p['status']['podIP'] : undefined)).sort();
    expect(slice?.endpoints.flatMap((e) => e.addresses).sort()).toEqual(podIPs);
    expect(slice?.endpoints.every((e) => e.targetRef?.kind === 'Pod' && e.nodeName?.startsWith('sim-') === true)).toBe(true);

    const endpoints = await eventually(async () => {
      const found = await client.get(Resources.endpoints, 'default', 'web');
      expect(subsetsOf(found).flatMap((s) => s.addresses ?? []).map((a) => a.ip).sort()).toEqual(podIPs);
      return found;
    });
    expect(endpoints.metadata.labels).toEqual({ app: 'web' });
    expect(subsetsOf(endpoints)[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('shows them with kubectl get endpointslices and kubectl get endpoints', async () => {
    const slices = await kubectlOk(cluster.kubeconfig, ['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    expect(slices).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\n/);
    expect(slices).toMatch(/\nweb-[a-z0-9]{5}\s+IPv4\s+8080\s+10\.\d+\.\d+\.\d+,10\.\d+\.\d+\.\d+,10\.\d+\.\d+\.\d+\s+\S+\n/);
    const endpoints = await kubectlOk(cluster.kubeconfig, ['get', 'endpoints', 'web']);
    expect(endpoints).toMatch(/\nweb\s+10\.\d+\.\d+\.\d+:8080,10\.\d+\.\d+\.\d+:8080,10\.\d+\.\d+\.\d+:8080\s+\S+\n/);
  });

  it('moves a pod that turns unready to not ready within a second', async () => {
    const [victim] = await webPods(client);
    const name = victim?.metadata.name ?? '';
    const started = Date.now();
    await setGate(client, name, 'False');
    const slices = await eventually(async () => {
      const found = await slicesOf(client, 'web');
      const endpoint = found.flatMap((s) => s.endpoints).find((e) => e.targetRef?.name === name);
      expect(endpoint?.conditions).toEqual({ ready: false, serving: false, terminating: false });
      return found;
    }, 5_000, 10);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readyCount(slices)).toBe(2);
    await eventually(async () => {
      const subsets = subsetsOf(await client.get(Resources.endpoints, 'default', 'web'));
      expect(subsets.flatMap((s) => s.notReadyAddresses ?? []).map((a) => a.targetRef?.name)).toEqual([name]);
      expect(subsets.flatMap((s) => s.addresses ?? [])).toHaveLength(2);
    }, 5_000, 10);
    await setGate(client, name, 'True');
    await eventually(async () => expect(readyCount(await slicesOf(client, 'web'))).toBe(3), 5_000, 10);
  });

  it('follows a scale-up to five pods in the same slice', async () => {
    const slicesBefore = await slicesOf(client, 'web');
    await client.patch(Resources.deployments, 'default', 'web', 'merge', { spec: { replicas: 5 } });
    await eventually(async () => {
      await openGates(client);
      const found = await slicesOf(client, 'web');
      expect(readyCount(found)).toBe(5);
      expect(found.map((s) => s.metadata.name)).toEqual(slicesBefore.map((s) => s.metadata.name));
    }, 20_000, 100);
    await eventually(async () => {
      const subsets = subsetsOf(await client.get(Resources.endpoints, 'default', 'web'));
      expect(subsets.flatMap((s) => s.addresses ?? [])).toHaveLength(5);
    });
  });

  it('leaves the slices of a Service without a selector alone', async () => {
    await client.create(Resources.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    const mine = await client.create(Resources.endpointSlices, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'manual-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'manual' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.9.9.9'] }],
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
    });
    // Give the controllers a sync of the Service: nothing may appear or change.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const slices = await slicesOf(client, 'manual');
    expect(slices.map((s) => [s.metadata.name, s.metadata.resourceVersion])).toEqual([['manual-1', mine.metadata.resourceVersion]]);
    await expect(client.get(Resources.endpoints, 'default', 'manual')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('removes the slices and the Endpoints of a deleted Service', async () => {
    await client.delete(Resources.services, 'default', 'web');
    await eventually(async () => {
      expect(await slicesOf(client, 'web')).toEqual([]);
      await expect(client.get(Resources.endpoints, 'default', 'web')).rejects.toMatchObject({ code: 'NotFound' });
    }, 15_000, 50);
  });
});
