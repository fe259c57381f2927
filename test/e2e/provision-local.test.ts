/**
 * Issue 6 acceptance, as a new user tries it: a `local` pool with min 0 and
 * max 3 grows when a Deployment outgrows the nodes (each new node a real
 * `kubernel agent` process that joins with a bootstrap token and runs its
 * pods in Docker), says why when it is at its max, and shrinks when the
 * Deployment does, leaving no container behind.
 */
import { describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import { dockerAvailable, TEST_IMAGE } from '../support/docker.ts';
import { nodeContainers, removeNodeContainers, useAgentCluster } from './support/agents.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';

const docker = await dockerAvailable();
const POOL = 'burst';

const controllers = `
controllers:
  provisioning: { batchIdleSeconds: 0.5, batchMaxSeconds: 3, disruptionIntervalSeconds: 1 }
`;

const pool = `
  - name: ${POOL}
    provider: local
    min: 0
    max: 3
    options:
      count: 0
      runtime: docker
      leaseRenewSeconds: 2
      capacity: { cpu: "1", memory: 1Gi, pods: 10 }
    disruption: { consolidationPolicy: WhenEmpty, consolidateAfter: 3s }
`;

function deployment(replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'app', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'], resources: { requests: { cpu: '600m', memory: '64Mi' } } }],
        },
      },
    },
  });
}

function phaseOf(pod: KubeObject): string {
  return isRecord(pod['status']) && typeof pod['status']['phase'] === 'string' ? pod['status']['phase'] : '';
}

describe.skipIf(!docker)('nodes on demand from a local pool', () => {
  const env = useAgentCluster({ localNodes: 0, extraYaml: controllers, extraPools: pool });

  async function webPods(): Promise<KubeObject[]> {
    return (await env.cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=web' })).items;
  }

  async function poolNodes(): Promise<string[]> {
    return (await env.cluster.plane.client.list(Resources.nodes, undefined, { labelSelector: `kubernel.dev/node-pool=${POOL}` })).items.map((n) => n.metadata.name ?? '');
  }

  it('launches a node per pod that does not fit, up to max, and says which limit holds the rest back', async () => {
    const kubeconfig = env.cluster.kubeconfig;
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: deployment(2) });
    // 600m each on 1-cpu nodes: one pod per node, so two new nodes.
    await eventually(async () => {
      const pods = await webPods();
      expect(pods.map(phaseOf)).toEqual(['Running', 'Running']);
    }, 90_000, 500);
    expect(await poolNodes()).toHaveLength(2);
    const claims = await kubectlOk(kubeconfig, ['get', 'nodeclaims', '-o', 'wide']);
    expect(claims).toMatch(/NAME\s+TYPE\s+CAPACITY\s+ZONE\s+NODE\s+READY/);
    expect(claims.split('\n').filter((l) => l.startsWith(`${POOL}-`))).toHaveLength(2);
    const events = await kubectlOk(kubeconfig, ['get', 'events', '-A']);
    expect(events).toMatch(/Nominated\s+pod\/web-\S+\s+Pod should schedule on: nodeclaim\/burst-/);
    expect(events).toMatch(/Launched\s+nodeclaim\/burst-\S+\s+launched local in local/);

    await kubectlOk(kubeconfig, ['scale', 'deployment/web', '--replicas=4']);
    await eventually(async () => {
      const phases = (await webPods()).map(phaseOf).sort();
      expect(phases).toEqual(['Pending', 'Running', 'Running', 'Running']);
    }, 90_000, 500);
    expect(await poolNodes()).toHaveLength(3);
    const pending = (await webPods()).find((p) => phaseOf(p) === 'Pending');
    // The provisioner answers within its batch window of the scheduler's last verdict.
    await eventually(async () => {
      const described = await kubectlOk(kubeconfig, ['describe', 'pod', pending?.metadata.name ?? '']);
      expect(described).toContain(`Failed to schedule pod, nodepool "${POOL}" reached its max of 3 nodes`);
    }, 30_000, 500);
    expect(await kubectlOk(kubeconfig, ['get', 'events', '--field-selector', 'reason=LimitReached', '-A'])).toContain('reached its max of 3 nodes');
  }, 240_000);

  it('removes the emptied nodes after consolidateAfter, with no container of theirs left', async () => {
    const kubeconfig = env.cluster.kubeconfig;
    const nodes = await poolNodes();
    expect(nodes.length).toBeGreaterThan(0);
    await kubectlOk(kubeconfig, ['scale', 'deployment/web', '--replicas=0']);
    await eventually(async () => {
      expect(await poolNodes()).toEqual([]);
      expect((await env.cluster.plane.client.list(Resources.nodeClaims, undefined)).items).toEqual([]);
    }, 120_000, 500);
    expect(await nodeContainers(nodes)).toEqual([]);
    const events = await kubectlOk(kubeconfig, ['get', 'events', '-A']);
    expect(events).toMatch(/DisruptionTerminating\s+nodeclaim\/burst-\S+\s+Disrupting NodeClaim: Empty/);
    await removeNodeContainers(nodes);
  }, 240_000);
});

function app(name: string, cpu: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'app', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'], resources: { requests: { cpu, memory: '32Mi' } } }],
        },
      },
    },
  });
}

describe.skipIf(!docker)('consolidation and PodDisruptionBudgets', () => {
  const env = useAgentCluster({ localNodes: 0, extraYaml: controllers, extraPools: pool.replace('WhenEmpty,', 'WhenEmptyOrUnderutilized,') });

  async function nodeOf(app: string): Promise<string> {
    const pods = (await env.cluster.plane.client.list(Resources.pods, 'default', { labelSelector: `app=${app}` })).items;
    const running = pods.find((p) => phaseOf(p) === 'Running');
    const spec = running?.['spec'];
    return isRecord(spec) && typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
  }

  it('keeps an underused node whose pod a PodDisruptionBudget protects, says why, and consolidates it once the budget allows', async () => {
    const kubeconfig = env.cluster.kubeconfig;
    // a (600m) and c (400m) fill one 1-cpu node; b (300m), made once that node runs, gets a node of its own.
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: `${app('a', '600m')}\n${app('c', '400m')}` });
    await eventually(async () => expect(await nodeOf('a')).not.toBe(''), 90_000, 500);
    await eventually(async () => expect(await nodeOf('c')).not.toBe(''), 90_000, 500);
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: app('b', '300m') });
    await eventually(async () => expect(await nodeOf('b')).not.toBe(''), 90_000, 500);
    const bNode = await nodeOf('b');
    expect(bNode).not.toBe(await nodeOf('a'));
    await kubectlOk(kubeconfig, ['create', 'poddisruptionbudget', 'b', '--selector=app=b', '--min-available=1']);
    await eventually(async () => expect(await kubectlOk(kubeconfig, ['get', 'pdb', 'b'])).toMatch(/b\s+1\s+N\/A\s+0\s/), 30_000, 500);

    // c goes: b would fit beside a now, but its budget allows no eviction.
    await kubectlOk(kubeconfig, ['delete', 'deployment', 'c']);
    await eventually(
      async () => expect(await kubectlOk(kubeconfig, ['get', 'events', '--field-selector', 'reason=DisruptionBlocked'])).toContain(`Cannot disrupt NodeClaim: pdb "default/b" prevents pod evictions`),
      60_000,
      500,
    );
    expect(await nodeOf('b')).toBe(bNode);

    await kubectlOk(kubeconfig, ['delete', 'pdb', 'b']);
    await eventually(async () => {
      expect(await nodeOf('b')).toBe(await nodeOf('a'));
      expect((await env.cluster.plane.client.list(Resources.nodeClaims, undefined)).items).toHaveLength(1);
    }, 120_000, 500);
    expect(await kubectlOk(kubeconfig, ['get', 'events', '--field-selector', 'reason=DisruptionTerminating'])).toContain('Disrupting NodeClaim: Underutilized');
    await kubectlOk(kubeconfig, ['delete', 'deployment', 'a', 'b']);
    await removeNodeContainers([bNode]);
  }, 300_000);
});
