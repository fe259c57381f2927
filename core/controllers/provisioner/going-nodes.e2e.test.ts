import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../test/e2e/support/cluster.ts';
import { eventually } from '../../../test/e2e/support/eventually.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { MIN_NOMINATION_WINDOW_MS } from './node-nominations.ts';

/**
 * Karpenter's provisioner finds room for the pods of a node being deleted
 * while its drain still waits, not only once they are evicted. Here a
 * PodDisruptionBudget holds the drain of a deleted NodeClaim: room for its
 * pod must be launched anyway, kept from consolidation while the drain
 * waits, and once the budget allows, the pod's replacement runs there with
 * no third node.
 */

const YAML = `controllers:
  provisioning: { batchIdleSeconds: 0.2, batchMaxSeconds: 1, disruptionIntervalSeconds: 1 }
nodePools:
  - name: burst
    provider: simulated
    min: 0
    max: 3
    options: { count: 0, capacity: { cpu: "1", memory: 4Gi, pods: 10 }, podStartupMs: 0 }
    disruption: { consolidationPolicy: WhenEmpty, consolidateAfter: 0s, budgets: [{ nodes: "100%" }] }
`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: TestCluster;
let client: ApiClient;

beforeAll(async () => {
  cluster = await startCluster(YAML, { controllers: true });
  client = cluster.plane.client;
});

afterAll(async () => {
  await cluster.stop();
});

const claimNames = async (): Promise<string[]> => (await client.list(Resources.nodeClaims, undefined)).items.map((c) => c.metadata.name ?? '').sort();
const webPods = async (): Promise<KubeObject[]> => (await client.list(Resources.pods, 'default', { labelSelector: 'app=web' })).items;
const nodeOf = (pod: KubeObject): string => (isRecord(pod['spec']) && typeof pod['spec']['nodeName'] === 'string' ? pod['spec']['nodeName'] : '');
const phaseOf = (pod: KubeObject): string => (isRecord(pod['status']) && typeof pod['status']['phase'] === 'string' ? pod['status']['phase'] : '');

describe('the provisioner and a node being deleted', () => {
  it('launches room for the pods of a deleted NodeClaim while a PodDisruptionBudget holds its drain, and keeps it', async () => {
    await client.create(Resources.deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '600m', memory: '64Mi' } } }] } },
      },
    });
    const first = await eventually(async () => {
      const pods = await webPods();
      expect(pods.map(phaseOf)).toEqual(['Running']);
      return pods[0] as KubeObject;
    }, 20_000);
    const [oldClaim] = await claimNames();
    expect(oldClaim).toBeDefined();
    await client.create(Resources.podDisruptionBudgets, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'default' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    });
    await eventually(async () => {
      const pdb = await client.get(Resources.podDisruptionBudgets, 'default', 'web');
      expect(isRecord(pdb['status']) ? pdb['status']['currentHealthy'] : undefined).toBe(1);
    });

    await client.delete(Resources.nodeClaims, undefined, oldClaim ?? '');
    // 600m of 1 CPU: the pod fits on no node but a new one, launched while the old one cannot drain.
    const newClaim = await eventually(async () => {
      const names = (await claimNames()).filter((name) => name !== oldClaim);
      expect(names).toHaveLength(1);
      return names[0] ?? '';
    }, 20_000);
    const pod = await client.get(Resources.pods, 'default', first.metadata.name ?? '');
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    expect(nodeOf(pod)).toBe(nodeOf(first));
    const nominated = (await client.list(Resources.events, 'default', { fieldSelector: `involvedObject.name=${first.metadata.name ?? ''}` })).items;
    expect(nominated.map((e) => e['message'])).toContain(`Pod should schedule on: nodeclaim/${newClaim}`);

    // The new node stays empty while the drain waits: it must outlive the nomination that launched it.
    await eventually(async () => {
      const claim = await client.get(Resources.nodeClaims, undefined, newClaim);
      const conditions = isRecord(claim['status']) && Array.isArray(claim['status']['conditions']) ? claim['status']['conditions'] : [];
      expect(conditions.some((c: unknown) => isRecord(c) && c['type'] === 'Initialized' && c['status'] === 'True')).toBe(true);
    }, 20_000);
    // batchMaxSeconds 1: the nomination window is its least.
    await sleep(MIN_NOMINATION_WINDOW_MS + 3_000);
    expect((await client.get(Resources.nodeClaims, undefined, newClaim)).metadata.deletionTimestamp).toBeUndefined();

    // Once the budget allows, the old pod goes and its replacement runs on the new node: no third one.
    await client.delete(Resources.podDisruptionBudgets, 'default', 'web');
    await eventually(async () => {
      const pods = await webPods();
      expect(pods.map((p) => ({ phase: phaseOf(p), node: nodeOf(p) }))).toEqual([{ phase: 'Running', node: newClaim }]);
      expect(await claimNames()).toEqual([newClaim]);
    }, 30_000);
  });
});
