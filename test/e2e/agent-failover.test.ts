/**
 * Acceptance (issue 4): two agents as processes of their own. kill -9 one:
 * its Node turns NotReady (Unknown) after the shortened grace period, its
 * pods are recreated on the other node, and when the agent comes back it
 * stops the pods that moved away: no pod runs twice. An agent restarted
 * while its pods are healthy keeps their containers (same ids).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import { dockerAvailable, TEST_IMAGE } from '../support/docker.ts';
import { nodeContainers, nodeReady, readyStatus, removeNodeContainers, spawnAgent, startAgentCluster, uniqueName, type AgentCluster, type AgentProcess } from './support/agents.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';

const docker = await dockerAvailable();

const AGENT_CONFIG = { leaseRenewSeconds: 1, statusUpdateSeconds: 1 };

function runningPods(list: KubeObject[]): KubeObject[] {
  return list.filter((p) => p.metadata.deletionTimestamp === undefined && isRecord(p['status']) && p['status']['phase'] === 'Running');
}

function nodeOf(pod: KubeObject): string {
  return isRecord(pod['spec']) && typeof pod['spec']['nodeName'] === 'string' ? pod['spec']['nodeName'] : '';
}

async function runningAppContainers(nodes: string[]): Promise<number> {
  return (await nodeContainers(nodes)).filter((c) => c.State === 'running' && c.Labels['io.kubernetes.docker.type'] === 'container').length;
}

describe.skipIf(!docker)('node failure and agent restarts', () => {
  let cluster: AgentCluster;
  const names = [uniqueName('a'), uniqueName('b')];
  const agents = new Map<string, AgentProcess>();

  beforeAll(async () => {
    cluster = await startAgentCluster({
      localNodes: 0,
      extraYaml: 'controllers:\n  nodeLifecycle: { nodeMonitorPeriodSeconds: 0.5, nodeMonitorGracePeriodSeconds: 4, nodeEvictionRate: 100 }\n',
    });
    for (const name of names) agents.set(name, await spawnAgent(cluster, name, { config: AGENT_CONFIG }));
    for (const name of names) await nodeReady(cluster, name, 60_000);
  }, 90_000);

  afterAll(async () => {
    for (const agent of agents.values()) await agent.kill('SIGKILL');
    try {
      await cluster?.stop();
    } finally {
      await removeNodeContainers(names);
    }
  });

  it('keeps healthy containers when an agent restarts, and removes those of pods deleted meanwhile', async () => {
    const [first] = names;
    if (first === undefined) throw new Error('no node');
    const podOn = (name: string): string =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: first, terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'] }] } });
    await kubectlOk(cluster.kubeconfig, ['apply', '-f', '-'], { input: podOn('steady') });
    await kubectlOk(cluster.kubeconfig, ['apply', '-f', '-'], { input: podOn('gone') });
    const idOf = async (name: string): Promise<unknown> => {
      const p = await cluster.plane.client.get(Resources.pods, 'default', name);
      const statuses = isRecord(p['status']) && Array.isArray(p['status']['containerStatuses']) ? p['status']['containerStatuses'].filter(isRecord) : [];
      const id = statuses[0]?.['containerID'];
      if (typeof id !== 'string') throw new Error('not started');
      return id;
    };
    const before = await eventually(() => idOf('steady'), 30_000, 100);
    await eventually(() => idOf('gone'), 30_000, 100);
    const containersOf = async (pod: string): Promise<Awaited<ReturnType<typeof nodeContainers>>> =>
      (await nodeContainers([first])).filter((c) => c.Labels['io.kubernetes.pod.name'] === pod && c.Labels['io.kubernetes.docker.type'] === 'container');

    await agents.get(first)?.kill('SIGKILL');
    // Deleted for good while no agent runs on its node: nobody stops its containers until the agent is back.
    await kubectlOk(cluster.kubeconfig, ['delete', 'pod', 'gone', '--grace-period=0', '--force']);
    expect((await containersOf('gone')).map((c) => c.State)).toEqual(['running']);
    agents.set(first, await spawnAgent(cluster, first, { config: AGENT_CONFIG }));

    await eventually(async () => expect(await containersOf('gone')).toEqual([]), 30_000, 200);
    expect(await idOf('steady')).toBe(before);
    const steady = await containersOf('steady');
    expect(steady.map((c) => `docker://${c.Id}`)).toEqual([before]);
    expect(steady[0]?.State).toBe('running');
    await kubectlOk(cluster.kubeconfig, ['delete', 'pod', 'steady', '--wait=true', '--timeout=60s']);
  }, 120_000);

  it('moves the pods of a node that died, and never runs one twice when it comes back', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ha' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'ha' } },
        template: {
          metadata: { labels: { app: 'ha' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }],
            containers: [{ name: 'app', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'] }],
          },
        },
      },
    };
    await kubectlOk(cluster.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify(deployment) });
    const pods = await eventually(async () => {
      const list = runningPods((await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=ha' })).items);
      if (list.length !== 4) throw new Error(`${list.length} running`);
      return list;
    }, 60_000, 200);
    // The node with the most pods dies.
    const counts = new Map(names.map((n) => [n, pods.filter((p) => nodeOf(p) === n).length]));
    const victim = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const survivor = names.find((n) => n !== victim) ?? '';
    await agents.get(victim)?.kill('SIGKILL');

    await eventually(async () => {
      const node = await cluster.plane.client.get(Resources.nodes, undefined, victim);
      if (readyStatus(node) !== 'Unknown') throw new Error(`victim Ready=${String(readyStatus(node))}`);
    }, 30_000, 200);
    await eventually(async () => {
      const list = runningPods((await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=ha' })).items);
      if (list.length !== 4 || list.some((p) => nodeOf(p) !== survivor)) throw new Error(`${list.length} running, nodes ${list.map(nodeOf).join(',')}`);
    }, 60_000, 200);

    agents.set(victim, await spawnAgent(cluster, victim, { config: AGENT_CONFIG }));
    await nodeReady(cluster, victim, 60_000);
    await eventually(async () => {
      const all = (await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=ha' })).items;
      if (all.length !== 4) throw new Error(`${all.length} pod objects`);
      expect(await runningAppContainers([victim])).toBe(0);
    }, 60_000, 200);
    expect(await runningAppContainers(names)).toBe(4);
  }, 180_000);
});
