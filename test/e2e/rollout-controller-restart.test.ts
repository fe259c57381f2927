import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import type { ControllerManager } from '../../core/controllers/framework/manager.ts';
import { FakeKubelet, podCensus, startWorkloadControllers, type WorkloadControllerOptions } from './rollout-harness.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';
import { openWatch } from './support/watch-stream.ts';

/**
 * The controllers stop mid-rollout and a new ControllerManager takes over
 * from what the API shows: the rollout finishes with no extra pod, no extra
 * ReplicaSet and no revision lost.
 */

let cluster: TestCluster;
let manager: ControllerManager | undefined;
let kubelet: FakeKubelet;
const ok = (args: string[], input?: string): Promise<string> => kubectlOk(cluster.kubeconfig, args, input === undefined ? {} : { input });

beforeAll(async () => {
  cluster = await startCluster();
  manager = await startWorkloadControllers(cluster);
  // Pods take a while to turn ready, so that a rollout is still under way when the controllers stop.
  kubelet = new FakeKubelet(cluster.plane.client, { readyAfterMs: 300 });
  await kubelet.start();
});

afterAll(async () => {
  kubelet.stop();
  await manager?.stop();
  await cluster.stop();
});

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  strategy: {rollingUpdate: {maxSurge: 2, maxUnavailable: 1}}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: "img:1"}]}
`;

async function replicaSets(): Promise<KubeObject[]> {
  return (await cluster.plane.client.list(Resources.replicaSets, 'default', { labelSelector: 'app=web' })).items;
}

async function pods(): Promise<KubeObject[]> {
  return (await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=web' })).items;
}

const revision = (obj: KubeObject): string | undefined => obj.metadata.annotations?.['deployment.kubernetes.io/revision'];
const count = (obj: KubeObject, field: string): unknown => (isRecord(obj['status']) ? obj['status'][field] : undefined);

async function stopControllers(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}

async function startControllers(options: WorkloadControllerOptions = {}): Promise<void> {
  manager = await startWorkloadControllers(cluster, options);
}

const imageOf = (pod: KubeObject): string => JSON.stringify(pod['spec']).match(/"image":"([^"]+)"/)?.[1] ?? '';

describe('controllers stopped mid-rollout', () => {
  it('finish the rollout after a restart with no extra pods and every revision', async () => {
    await ok(['apply', '-f', '-'], MANIFEST);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    const before = await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=web' });
    const watch = openWatch(cluster, `/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3Dweb&resourceVersion=${before.metadata.resourceVersion ?? ''}`);
    try {
      await ok(['set', 'image', 'deployment/web', 'c=img:2']);
      // Stop once the new ReplicaSet has available pods while old ones still run.
      await eventually(async () => {
        const sets = await replicaSets();
        const fresh = sets.find((rs) => revision(rs) === '2');
        expect(count(fresh ?? { metadata: {} }, 'availableReplicas')).toBeGreaterThanOrEqual(1);
        expect(sets.some((rs) => revision(rs) === '1' && (count(rs, 'replicas') ?? 0) !== 0)).toBe(true);
      });
      await stopControllers();
      expect((await pods()).filter((p) => imageOf(p) === 'img:1').length).toBeGreaterThan(0);
      await startControllers();
      await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);

      // A second rollout, with the controllers stopped right after the change.
      await ok(['set', 'image', 'deployment/web', 'c=img:3']);
      await stopControllers();
      await startControllers();
      await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
      await eventually(() => expect(watch.events.filter((e) => e.type === 'DELETED')).toHaveLength(12));
    } finally {
      watch.close();
    }

    const census = podCensus(before.items, watch.events);
    expect(census.maxPods).toBeLessThanOrEqual(8);
    expect(census.minAvailable).toBeGreaterThanOrEqual(5);
    // Exactly 6 pods were ever made for each new template: none twice.
    const images = [...census.seen.values()];
    expect(images.filter((i) => i === 'img:2')).toHaveLength(6);
    expect(images.filter((i) => i === 'img:3')).toHaveLength(6);

    const sets = await replicaSets();
    expect(sets.map(revision).sort()).toEqual(['1', '2', '3']);
    expect(sets.map((rs) => (isRecord(rs['spec']) ? rs['spec']['replicas'] : undefined)).sort()).toEqual([0, 0, 6]);
    const d = await cluster.plane.client.get(Resources.deployments, 'default', 'web');
    expect(revision(d)).toBe('3');
    expect((await pods()).length).toBe(6);
    const history = await ok(['rollout', 'history', 'deployment/web']);
    for (const r of ['1', '2', '3']) expect(history).toMatch(new RegExp(`^${r}\\s`, 'm'));
  });

  it('does not create pods twice when stopped during a large scale-up', async () => {
    // Ten slow creations per sync, so that the scale-up takes several syncs and can be cut between two,
    // and a cache that lags behind the controllers' own writes, as over a network.
    await stopControllers();
    await startControllers({ replicaSet: { burstReplicas: 10 }, podCreateDelayMs: 20, watchDelayMs: 50 });
    const before = await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=web' });
    const watch = openWatch(cluster, `/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3Dweb&resourceVersion=${before.metadata.resourceVersion ?? ''}`);
    try {
      await ok(['scale', 'deployment/web', '--replicas=40']);
      await eventually(async () => expect((await pods()).length).toBeGreaterThan(6), 10_000, 1);
      await stopControllers();
      expect((await pods()).length).toBeLessThan(40);
      await startControllers({ watchDelayMs: 50 });
      await eventually(async () => expect((await pods()).length).toBe(40));
      await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    } finally {
      watch.close();
    }
    expect(watch.events.filter((e) => e.type === 'ADDED')).toHaveLength(34);
    expect(watch.events.filter((e) => e.type === 'DELETED')).toHaveLength(0);
  });
});
