import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { Resources } from '../../core/client/resources.ts';
import type { ControllerManager } from '../../core/controllers/framework/manager.ts';
import { FakeKubelet, startWorkloadControllers } from './rollout-harness.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';

/** The ReplicaSet walkthrough of the Kubernetes documentation, with the real kubectl. */

let cluster: TestCluster;
let manager: ControllerManager;
let kubelet: FakeKubelet;
const ok = (args: string[], input?: string): Promise<string> => kubectlOk(cluster.kubeconfig, args, input === undefined ? {} : { input });

beforeAll(async () => {
  cluster = await startCluster();
  manager = await startWorkloadControllers(cluster);
  kubelet = new FakeKubelet(cluster.plane.client, { readyAfterMs: 10 });
  await kubelet.start();
});

afterAll(async () => {
  kubelet.stop();
  await manager.stop();
  await cluster.stop();
});

async function frontendPods(): Promise<KubeObject[]> {
  return (await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'tier=frontend' })).items;
}

async function rsStatus(name: string): Promise<Record<string, unknown>> {
  const rs = await cluster.plane.client.get(Resources.replicaSets, 'default', name);
  return isRecord(rs['status']) ? rs['status'] : {};
}

const controllerUid = (pod: KubeObject): string | undefined => pod.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;

function barePod(name: string, labels: Record<string, string>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'hello', image: 'busybox:1.36' }] } });
}

describe('a ReplicaSet', () => {
  it('keeps 3 pods of its template and reports them in its status', async () => {
    await ok(['apply', '-f', 'test/fixtures/manifests/replicaset.yaml']);
    await eventually(async () => expect(await rsStatus('frontend')).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 }));
    expect(await ok(['get', 'rs', 'frontend'])).toMatch(/frontend\s+3\s+3\s+3\s+/);
    const rs = await cluster.plane.client.get(Resources.replicaSets, 'default', 'frontend');
    for (const pod of await frontendPods()) {
      expect(pod.metadata.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(controllerUid(pod)).toBe(rs.metadata.uid);
    }
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=frontend', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}']);
    expect(events).toContain('SuccessfulCreate');
  });

  it('replaces a deleted pod', async () => {
    const [victim] = await frontendPods();
    await ok(['delete', 'pod', victim?.metadata.name ?? '']);
    await eventually(async () => {
      const pods = await frontendPods();
      expect(pods).toHaveLength(3);
      expect(pods.map((p) => p.metadata.name)).not.toContain(victim?.metadata.name);
    });
  });

  it('acquires matching bare pods and deletes the surplus', async () => {
    const rs = await cluster.plane.client.get(Resources.replicaSets, 'default', 'frontend');
    await ok(['apply', '-f', '-'], barePod('pod1', { tier: 'frontend' }));
    await ok(['apply', '-f', '-'], barePod('pod2', { tier: 'frontend' }));
    await eventually(async () => {
      const pods = await frontendPods();
      expect(pods).toHaveLength(3);
      for (const pod of pods) expect(controllerUid(pod)).toBe(rs.metadata.uid);
    });
  });

  it('releases a pod relabeled out of its selector and replaces it', async () => {
    const [pod] = await frontendPods();
    const name = pod?.metadata.name ?? '';
    await ok(['label', 'pod', name, 'tier=debug', '--overwrite']);
    await eventually(async () => {
      const released = await cluster.plane.client.get(Resources.pods, 'default', name);
      expect(released.metadata.ownerReferences ?? []).toEqual([]);
      expect(await frontendPods()).toHaveLength(3);
    });
    await ok(['delete', 'pod', name]);
  });

  it('scales down keeping the pods that cost most to delete', async () => {
    const keep = (await frontendPods()).slice(0, 2).map((p) => p.metadata.name ?? '');
    for (const name of keep) await ok(['annotate', 'pod', name, 'controller.kubernetes.io/pod-deletion-cost=100']);
    await ok(['scale', 'rs/frontend', '--replicas=2']);
    await eventually(async () => expect((await frontendPods()).map((p) => p.metadata.name).sort()).toEqual([...keep].sort()));
  });

  it('counts pods available only after minReadySeconds', async () => {
    const manifest = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: slow}
spec:
  replicas: 2
  minReadySeconds: 2
  selector: {matchLabels: {app: slow}}
  template:
    metadata: {labels: {app: slow}}
    spec: {containers: [{name: c, image: "img:0"}]}
`;
    await ok(['apply', '-f', '-'], manifest);
    const early = await eventually(async () => {
      const status = await rsStatus('slow');
      expect(status['readyReplicas']).toBe(2);
      return { status, fetchedAt: Date.now() };
    });
    // When each pod turned Ready, in whole seconds as the API keeps it.
    const pods = (await cluster.plane.client.list(Resources.pods, 'default', { labelSelector: 'app=slow' })).items;
    const readySince = pods.map((pod) => {
      const conditions = isRecord(pod['status']) && Array.isArray(pod['status']['conditions']) ? pod['status']['conditions'] : [];
      const ready: unknown = conditions.find((c) => isRecord(c) && c['type'] === 'Ready');
      return isRecord(ready) && typeof ready['lastTransitionTime'] === 'string' ? Date.parse(ready['lastTransitionTime']) : Number.NaN;
    });
    expect(readySince.filter((t) => !Number.isNaN(t))).toHaveLength(2);
    if (early.fetchedAt < Math.min(...readySince) + 2000) expect(early.status['availableReplicas']).toBeUndefined();
    await eventually(async () => expect((await rsStatus('slow'))['availableReplicas']).toBe(2), 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(Math.max(...readySince) + 2000);
  });
});
