import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import type { ControllerManager } from '../../core/controllers/framework/manager.ts';
import { FakeKubelet, podCensus, startWorkloadControllers } from './rollout-harness.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { openWatch } from './support/watch-stream.ts';

/** The Deployment walkthrough of the Kubernetes documentation, driven by the real kubectl. */

let cluster: TestCluster;
let manager: ControllerManager;
let kubelet: FakeKubelet;
const ok = (args: string[]): Promise<string> => kubectlOk(cluster.kubeconfig, args);

beforeAll(async () => {
  cluster = await startCluster();
  manager = await startWorkloadControllers(cluster);
  kubelet = new FakeKubelet(cluster.plane.client, { readyAfterMs: 30 });
  await kubelet.start();
});

afterAll(async () => {
  kubelet.stop();
  await manager.stop();
  await cluster.stop();
});

async function pods(): Promise<KubeObject[]> {
  return (await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=nginx' })).items;
}

async function replicaSets(): Promise<KubeObject[]> {
  return (await cluster.plane.client.list(Resources.replicaSets, 'default', { labelSelector: 'app=nginx' })).items;
}

function image(pod: KubeObject): unknown {
  const spec = pod['spec'];
  const containers = isRecord(spec) && Array.isArray(spec['containers']) ? spec['containers'] : [];
  const first: unknown = containers[0];
  return isRecord(first) ? first['image'] : undefined;
}

const revisionOf = (rs: KubeObject): string | undefined => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];
const sizeOf = (rs: KubeObject): unknown => (isRecord(rs['spec']) ? rs['spec']['replicas'] : undefined);

async function rolloutStatus(): Promise<string> {
  return ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=60s']);
}

describe('a Deployment driven by kubectl', () => {
  it('runs the nginx Deployment of the documentation with 3 pods of a hashed ReplicaSet', async () => {
    await ok(['apply', '-f', 'test/fixtures/manifests/deployment.yaml']);
    expect(await rolloutStatus()).toContain('deployment "nginx-deployment" successfully rolled out');

    const [rs, ...others] = await replicaSets();
    expect(others).toHaveLength(0);
    expect(rs?.metadata.name).toMatch(/^nginx-deployment-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    const hash = rs?.metadata.labels?.['pod-template-hash'];
    expect(rs?.metadata.name).toBe(`nginx-deployment-${hash ?? ''}`);
    expect(rs?.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs?.['spec']).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'nginx', 'pod-template-hash': hash } } });

    const running = await pods();
    expect(running).toHaveLength(3);
    for (const pod of running) {
      expect(pod.metadata.name).toMatch(new RegExp(`^${rs?.metadata.name ?? ''}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(pod.metadata.labels).toEqual({ app: 'nginx', 'pod-template-hash': hash });
      expect(pod.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs?.metadata.name, uid: rs?.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }

    const described = await ok(['describe', 'deployment', 'nginx-deployment']);
    expect(described).toMatch(new RegExp(`NewReplicaSet:\\s+${rs?.metadata.name ?? ''} \\(3/3 replicas created\\)`));
    expect(described).toMatch(new RegExp(`ScalingReplicaSet\\s+.*Scaled up replica set ${rs?.metadata.name ?? ''} to 3`));

    const table = await ok(['get', 'deployment', 'nginx-deployment']);
    expect(table).toMatch(/nginx-deployment\s+3\/3\s+3\s+3\s+/);
    const deployment = JSON.parse(await ok(['get', 'deployment', 'nginx-deployment', '-o', 'json'])) as KubeObject;
    expect(deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(deployment['status']).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }),
        expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }),
      ]),
    });
  });

  it('rolls out set image without ever exceeding maxSurge or maxUnavailable', async () => {
    await ok(['annotate', 'deployment/nginx-deployment', 'kubernetes.io/change-cause=image updated to 1.16.1']);
    const before = await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=nginx' });
    const watch = openWatch(cluster, `/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3Dnginx&resourceVersion=${before.metadata.resourceVersion ?? ''}`);
    try {
      expect(await ok(['set', 'image', 'deployment/nginx-deployment', 'nginx=nginx:1.16.1'])).toContain('deployment.apps/nginx-deployment image updated');
      expect(await rolloutStatus()).toContain('successfully rolled out');
      // The watch sees the last deletions shortly after the status says done.
      await eventually(() => {
        const census = podCensus(before.items, watch.events);
        expect([...census.seen.values()].filter((i) => i === 'nginx:1.16.1')).toHaveLength(3);
        expect(watch.events.filter((e) => e.type === 'DELETED')).toHaveLength(3);
      });
    } finally {
      watch.close();
    }
    // 3 replicas at 25%: maxSurge rounds up to 1, maxUnavailable down to 0.
    const census = podCensus(before.items, watch.events);
    expect(census.maxPods).toBe(4);
    expect(census.minAvailable).toBe(3);

    const current = await pods();
    expect(current.map(image)).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
    const sets = await replicaSets();
    expect(sets.map((rs) => [revisionOf(rs), sizeOf(rs)]).sort()).toEqual([
      ['1', 0],
      ['2', 3],
    ]);
  });

  it('lists the revisions with their change-cause', async () => {
    const history = await ok(['rollout', 'history', 'deployment/nginx-deployment']);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(history).toMatch(/^1\s+/m);
    expect(history).toMatch(/^2\s+image updated to 1.16.1$/m);
    expect(await ok(['rollout', 'history', 'deployment/nginx-deployment', '--revision=2'])).toContain('nginx:1.16.1');
  });

  it('undoes to the previous template by reusing its ReplicaSet under a new revision', async () => {
    const [original] = (await replicaSets()).filter((rs) => revisionOf(rs) === '1');
    expect(await ok(['rollout', 'undo', 'deployment/nginx-deployment'])).toContain('deployment.apps/nginx-deployment rolled back');
    expect(await rolloutStatus()).toContain('successfully rolled out');
    expect((await pods()).map(image)).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.14.2']);
    const sets = await replicaSets();
    expect(sets).toHaveLength(2);
    const reused = sets.find((rs) => rs.metadata.uid === original?.metadata.uid);
    expect(reused?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    const history = await ok(['rollout', 'history', 'deployment/nginx-deployment']);
    expect(history).toMatch(/^2\s+/m);
    expect(history).toMatch(/^3\s+/m);
    expect(history).not.toMatch(/^1\s+/m);
  });

  it('undoes to a chosen revision', async () => {
    await ok(['rollout', 'undo', 'deployment/nginx-deployment', '--to-revision=2']);
    expect(await rolloutStatus()).toContain('successfully rolled out');
    expect((await pods()).map(image)).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
    expect((await replicaSets()).map(revisionOf).sort()).toEqual(['3', '4']);
    const missing = await kubectl(cluster.kubeconfig, ['rollout', 'undo', 'deployment/nginx-deployment', '--to-revision=99']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('unable to find specified revision 99 in history');
  });

  it('holds a paused rollout and resumes it', async () => {
    await ok(['rollout', 'pause', 'deployment/nginx-deployment']);
    await ok(['set', 'image', 'deployment/nginx-deployment', 'nginx=nginx:1.17.0']);
    // Once the controller has observed the change, it must still not have rolled anything out.
    const observed = await eventually(async () => {
      const d = await cluster.plane.client.get(Resources.deployments, 'default', 'nginx-deployment');
      const status = isRecord(d['status']) ? d['status'] : {};
      expect(status['observedGeneration']).toBe(d.metadata.generation);
      return status;
    });
    expect(observed['conditions']).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused' })]));
    expect(await replicaSets()).toHaveLength(2);
    expect((await pods()).map(image)).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);

    await ok(['rollout', 'resume', 'deployment/nginx-deployment']);
    expect(await rolloutStatus()).toContain('successfully rolled out');
    expect((await pods()).map(image)).toEqual(['nginx:1.17.0', 'nginx:1.17.0', 'nginx:1.17.0']);
    expect((await replicaSets()).map(revisionOf).sort()).toEqual(['3', '4', '5']);
  });

  it('restarts every pod under a new revision', async () => {
    const before = new Set((await pods()).map((p) => p.metadata.name));
    expect(await ok(['rollout', 'restart', 'deployment/nginx-deployment'])).toContain('deployment.apps/nginx-deployment restarted');
    expect(await rolloutStatus()).toContain('successfully rolled out');
    const after = await pods();
    expect(after).toHaveLength(3);
    for (const pod of after) {
      expect(before.has(pod.metadata.name)).toBe(false);
      expect(pod.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
    }
    expect((await replicaSets()).map(revisionOf).sort()).toEqual(['3', '4', '5', '6']);
  });

  it('scales to 10 and back to 2', async () => {
    await ok(['scale', 'deployment/nginx-deployment', '--replicas=10']);
    expect(await rolloutStatus()).toContain('successfully rolled out');
    expect(await pods()).toHaveLength(10);
    expect(await ok(['get', 'deployment', 'nginx-deployment'])).toMatch(/nginx-deployment\s+10\/10\s+10\s+10\s+/);

    await ok(['scale', 'deployment/nginx-deployment', '--replicas=2']);
    await eventually(async () => expect(await pods()).toHaveLength(2));
    expect(await rolloutStatus()).toContain('successfully rolled out');
    const active = (await replicaSets()).filter((rs) => sizeOf(rs) !== 0);
    expect(active).toHaveLength(1);
    expect(active[0]?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3' });
  });
});
