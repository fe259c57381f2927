import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../test/e2e/support/cluster.ts';
import { eventually } from '../../../test/e2e/support/eventually.ts';
import { kubectlOk } from '../../../test/e2e/support/kubectl.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { schedulingPlugins, type SchedulingPluginContribution } from '../../contracts/scheduling.ts';
import { ControllerManager } from '../framework/manager.ts';
import { setupScheduler } from './index.ts';

/** A real control plane with the scheduler run by a ControllerManager over the in-process client. */
async function clusterWithScheduler(extraYaml = ''): Promise<{ cluster: TestCluster; manager: ControllerManager }> {
  const cluster = await startCluster(extraYaml);
  const manager = new ControllerManager(cluster.plane.client, pino({ level: 'silent' }));
  const plugins: SchedulingPluginContribution[] = cluster.plane.kernel.contributionsTo(schedulingPlugins);
  manager.add((ctx) => setupScheduler(ctx, { plugins }));
  manager.start();
  return { cluster, manager };
}

function nodeObject(name: string, cpu: string, taints: unknown[] = []): KubeObject {
  const resources = { cpu, memory: '8Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: { taints },
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
  };
}

function podObject(name: string, cpu: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu } } }] } };
}

function nodeNameOf(pod: KubeObject): string {
  return isRecord(pod['spec']) && typeof pod['spec']['nodeName'] === 'string' ? pod['spec']['nodeName'] : '';
}

describe('scheduler in a real control plane', () => {
  let cluster: TestCluster;
  let manager: ControllerManager;
  const bigMessage = '0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.';

  beforeAll(async () => {
    ({ cluster, manager } = await clusterWithScheduler());
    const client = cluster.plane.client;
    for (const name of ['small-1', 'small-2', 'small-3']) await client.create(Resources.nodes, nodeObject(name, '2'));
    for (const name of ['gpu-1', 'gpu-2']) await client.create(Resources.nodes, nodeObject(name, '16', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]));
  });

  afterAll(async () => {
    await manager.stop();
    await cluster.stop();
  });

  it('binds pods that fit through pods/binding, keeping off tainted nodes', async () => {
    const client = cluster.plane.client;
    for (let i = 1; i <= 4; i++) await client.create(Resources.pods, podObject(`web-${i}`, '900m'));
    const nodes = await eventually(async () => {
      const pods = await Promise.all([1, 2, 3, 4].map((i) => client.get(Resources.pods, 'default', `web-${i}`)));
      const names = pods.map(nodeNameOf);
      expect(names.every((n) => n.startsWith('small-'))).toBe(true);
      return names;
    });
    // 900m each on 2-cpu nodes: never more than two on a node, even when scheduled back to back.
    for (const name of new Set(nodes)) expect(nodes.filter((n) => n === name).length).toBeLessThanOrEqual(2);
    const bound = await client.get(Resources.pods, 'default', 'web-1');
    expect(bound['status']).toMatchObject({ conditions: expect.arrayContaining([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]) });
    // kube-scheduler's Event, the first line of `kubectl describe pod`'s Events.
    const scheduled = await eventually(async () => {
      const events = (await client.list(Resources.events, 'default', { fieldSelector: 'involvedObject.name=web-1' })).items;
      const event = events.find((e) => e['reason'] === 'Scheduled');
      if (event === undefined) throw new Error('no Scheduled event yet');
      return event;
    });
    expect(scheduled).toMatchObject({ type: 'Normal', message: `Successfully assigned default/web-1 to ${nodeNameOf(bound)}`, source: { component: 'default-scheduler' } });
  });

  it('explains a pod that fits nowhere with a FailedScheduling event and the PodScheduled condition', async () => {
    const client = cluster.plane.client;
    await client.create(Resources.pods, podObject('big', '4'));
    await eventually(async () => {
      const events = await client.list(Resources.events, 'default', { fieldSelector: 'involvedObject.name=big' });
      expect(events.items.map((e) => [e['reason'], e['type'], e['message']])).toContainEqual(['FailedScheduling', 'Warning', bigMessage]);
    });
    const pod = await client.get(Resources.pods, 'default', 'big');
    expect(nodeNameOf(pod)).toBe('');
    expect(pod['status']).toMatchObject({ conditions: [expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: bigMessage })] });
    const described = await kubectlOk(cluster.kubeconfig, ['describe', 'pod', 'big']);
    expect(described).toMatch(/Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/5 nodes are available/);
  });

  it('schedules the waiting pod once a large enough node joins, with no other action', async () => {
    const client = cluster.plane.client;
    await client.create(Resources.nodes, nodeObject('large', '8'));
    const pod = await eventually(async () => {
      const p = await client.get(Resources.pods, 'default', 'big');
      expect(nodeNameOf(p)).toBe('large');
      return p;
    }, 20_000);
    expect(pod['status']).toMatchObject({ conditions: expect.arrayContaining([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]) });
  });

  it('schedules a waiting pod once a pod that held its room is deleted', async () => {
    const client = cluster.plane.client;
    await client.create(Resources.pods, podObject('huge', '6'));
    await eventually(async () => {
      const events = await client.list(Resources.events, 'default', { fieldSelector: 'involvedObject.name=huge' });
      expect(events.items.map((e) => e['message'])).toContain('0/6 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 4 Insufficient cpu.');
    });
    await client.delete(Resources.pods, 'default', 'big', { gracePeriodSeconds: 0 });
    await eventually(async () => expect(nodeNameOf(await client.get(Resources.pods, 'default', 'huge'))).toBe('large'), 20_000);
  });
});

describe.each<[string, string, number]>([
  ['scheduling/binpack fills the fewest nodes', 'plugins:\n  - name: scheduling/binpack\n', 2],
  ['no scheduling plugin spreads like scheduling/spread', '', 4],
])('%s', (_name, yaml, expectedNodes) => {
  let cluster: TestCluster;
  let manager: ControllerManager;

  beforeAll(async () => ({ cluster, manager } = await clusterWithScheduler(yaml)));
  afterAll(async () => {
    await manager.stop();
    await cluster.stop();
  });

  it(`places 8 pods of 500m on ${expectedNodes} of 4 two-cpu nodes`, async () => {
    const client = cluster.plane.client;
    for (let i = 1; i <= 4; i++) await client.create(Resources.nodes, nodeObject(`n${i}`, '2'));
    for (let i = 1; i <= 8; i++) await client.create(Resources.pods, podObject(`p${i}`, '500m'));
    const used = await eventually(async () => {
      const pods = (await client.list(Resources.pods, 'default')).items;
      const names = pods.map(nodeNameOf);
      expect(names.filter((n) => n !== '')).toHaveLength(8);
      return new Set(names);
    }, 20_000);
    expect(used.size).toBe(expectedNodes);
  });
});

describe('scheduler in a control plane without nodes', () => {
  it('marks a pod Unschedulable with "no nodes available to schedule pods", and binds it to the first node that joins', async () => {
    const { cluster, manager } = await clusterWithScheduler();
    try {
      const client = cluster.plane.client;
      await client.create(Resources.pods, podObject('early', '100m'));
      await eventually(async () => {
        const pod = await client.get(Resources.pods, 'default', 'early');
        expect(pod['status']).toMatchObject({ conditions: [expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'no nodes available to schedule pods' })] });
      });
      await client.create(Resources.nodes, nodeObject('first', '2'));
      await eventually(async () => expect(nodeNameOf(await client.get(Resources.pods, 'default', 'early'))).toBe('first'), 20_000);
    } finally {
      await manager.stop();
      await cluster.stop();
    }
  });
});
