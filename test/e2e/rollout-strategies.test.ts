import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import type { ControllerManager } from '../../core/controllers/framework/manager.ts';
import { FakeKubelet, podCensus, startWorkloadControllers } from './rollout-harness.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { openWatch } from './support/watch-stream.ts';

/** Rollout strategies and limits: Recreate, many rollouts in a row, history, deadlines, scaling mid-rollout. */

const NEVER_READY = 'registry.example/never-ready:1';
let cluster: TestCluster;
let manager: ControllerManager;
let kubelet: FakeKubelet;
const ok = (args: string[], input?: string): Promise<string> => kubectlOk(cluster.kubeconfig, args, input === undefined ? {} : { input });

beforeAll(async () => {
  cluster = await startCluster();
  manager = await startWorkloadControllers(cluster);
  kubelet = new FakeKubelet(cluster.plane.client, { readyAfterMs: 10, neverReadyImage: NEVER_READY });
  await kubelet.start();
});

afterAll(async () => {
  kubelet.stop();
  await manager.stop();
  await cluster.stop();
});

function manifest(name: string, spec: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: "img:0"}]}
${spec}`;
}

async function listPods(app: string): Promise<{ items: KubeObject[]; resourceVersion: string }> {
  const list = await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: `app=${app}` });
  return { items: list.items, resourceVersion: list.metadata.resourceVersion ?? '' };
}

async function replicaSetsOf(app: string): Promise<KubeObject[]> {
  return (await cluster.plane.client.list(Resources.replicaSets, 'default', { labelSelector: `app=${app}` })).items;
}

const sizeOf = (rs: KubeObject): unknown => (isRecord(rs['spec']) ? rs['spec']['replicas'] : undefined);
const status = (app: string): Promise<string> => ok(['rollout', 'status', `deployment/${app}`, '--timeout=60s']);

/** Watches the app's pods while `change` runs and the rollout completes; the events, replayed. */
async function watchRollout(app: string, change: () => Promise<unknown>, deletions: number): Promise<ReturnType<typeof podCensus>> {
  const before = await listPods(app);
  const watch = openWatch(cluster, `/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3D${app}&resourceVersion=${before.resourceVersion}`);
  try {
    await change();
    await status(app);
    await eventually(() => expect(watch.events.filter((e) => e.type === 'DELETED').length).toBeGreaterThanOrEqual(deletions));
  } finally {
    watch.close();
  }
  return podCensus(before.items, watch.events);
}

describe('rollout strategies', () => {
  it('Recreate removes every old pod before the first new one exists', async () => {
    await ok(['apply', '-f', '-'], manifest('recreate', '  replicas: 3\n  strategy: {type: Recreate}\n'));
    await status('recreate');
    const before = await listPods('recreate');
    const watch = openWatch(cluster, `/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3Drecreate&resourceVersion=${before.resourceVersion}`);
    try {
      await ok(['set', 'image', 'deployment/recreate', 'c=img:1']);
      await status('recreate');
      await eventually(() => expect(watch.events.filter((e) => e.type === 'ADDED')).toHaveLength(3));
    } finally {
      watch.close();
    }
    const firstAdded = watch.events.findIndex((e) => e.type === 'ADDED');
    const deletedBefore = watch.events.slice(0, firstAdded).filter((e) => e.type === 'DELETED');
    expect(deletedBefore).toHaveLength(3);
    expect(podCensus(before.items, watch.events).maxPods).toBe(3);
  });

  it('keeps absolute maxSurge and maxUnavailable over rollouts in a row', async () => {
    await ok(['apply', '-f', '-'], manifest('burst', '  replicas: 10\n  strategy: {rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}\n'));
    await status('burst');
    for (let i = 1; i <= 3; i++) {
      const census = await watchRollout('burst', () => ok(['set', 'image', 'deployment/burst', `c=img:${i}`]), 10);
      expect(census.maxPods).toBeLessThanOrEqual(13);
      expect(census.minAvailable).toBeGreaterThanOrEqual(8);
      expect([...census.seen.values()].filter((image) => image === `img:${i}`)).toHaveLength(10);
    }
  });

  it('keeps revisionHistoryLimit old ReplicaSets', async () => {
    await ok(['apply', '-f', '-'], manifest('history', '  replicas: 1\n  revisionHistoryLimit: 1\n'));
    await status('history');
    for (let i = 1; i <= 3; i++) {
      await ok(['set', 'image', 'deployment/history', `c=img:${i}`]);
      await status('history');
    }
    await eventually(async () => expect(await replicaSetsOf('history')).toHaveLength(2));
    const revisions = (await replicaSetsOf('history')).map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort();
    expect(revisions).toEqual(['3', '4']);
  });

  it('rolls back through the deprecated rollback annotation of extensions/v1beta1 clients', async () => {
    await ok(['annotate', 'deployment/history', 'deprecated.deployment.rollback.to=0']);
    await eventually(async () => {
      const d = await cluster.plane.client.get(Resources.deployments, 'default', 'history');
      expect(d.metadata.annotations?.['deprecated.deployment.rollback.to']).toBeUndefined();
      expect(JSON.stringify(d['spec'])).toContain('"image":"img:2"');
    });
    await status('history');
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=history', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    expect(events).toContain('DeploymentRollback: Rolled back deployment "history" to revision 3');
  });

  it('reports ProgressDeadlineExceeded when new pods never become ready', async () => {
    await ok(['apply', '-f', '-'], manifest('stuck', '  replicas: 2\n  progressDeadlineSeconds: 2\n'));
    await status('stuck');
    await ok(['set', 'image', 'deployment/stuck', `c=${NEVER_READY}`]);
    const result = await kubectl(cluster.kubeconfig, ['rollout', 'status', 'deployment/stuck', '--timeout=30s']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('deployment "stuck" exceeded its progress deadline');
    const d = await cluster.plane.client.get(Resources.deployments, 'default', 'stuck');
    const conditions = isRecord(d['status']) ? d['status']['conditions'] : undefined;
    expect(conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: expect.stringMatching(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/) })]),
    );
    // The old pods still serve: maxUnavailable of 2 at 25% is 0.
    expect((await listPods('stuck')).items.filter((p) => JSON.stringify(p['status']).includes('"Ready","status":"True"'))).toHaveLength(2);
  });

  it('scales a stuck rollout in proportion, as the documentation shows', async () => {
    await ok(['apply', '-f', '-'], manifest('proportional', '  replicas: 10\n  strategy: {rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}\n'));
    await status('proportional');
    await ok(['set', 'image', 'deployment/proportional', `c=${NEVER_READY}`]);
    const sizes = async (): Promise<unknown[]> =>
      (await replicaSetsOf('proportional'))
        .map((rs) => [rs['spec'] !== undefined && isRecord(rs['spec']) && isRecord(rs['spec']['template']) ? JSON.stringify(rs['spec']['template']).includes(NEVER_READY) : false, sizeOf(rs)])
        .sort();
    // The rollout stops with 8 old and 5 new: 13 pods, 8 available.
    await eventually(async () => expect(await sizes()).toEqual([[false, 8], [true, 5]]), 15_000);
    await ok(['scale', 'deployment/proportional', '--replicas=15']);
    await eventually(async () => expect(await sizes()).toEqual([[false, 11], [true, 7]]), 15_000);
  });
});
