import { CoreV1Api, KubeConfig, makeInformer, type V1Pod, type V1PodList } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';

let cluster: TestCluster;

beforeAll(async () => {
  // A tiny watch window, so that a watch resumed after many writes is 410 Expired.
  cluster = await startCluster('store:\n  backend: sqlite\n  watchCacheSize: 100\n');
});

afterAll(async () => {
  await cluster.stop();
});

function pod(name: string): V1Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'informer-test' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } };
}

describe('an informer of @kubernetes/client-node', () => {
  it('lists, watches every change, survives a restart and relists after 410', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    const listPods = async (): Promise<V1PodList> => {
      lists++;
      return core.listNamespacedPod({ namespace: 'default' });
    };
    await core.createNamespacedPod({ namespace: 'default', body: pod('before') });
    const informer = makeInformer(kc, '/api/v1/namespaces/default/pods', listPods);
    const seen: string[] = [];
    informer.on('add', (p) => seen.push(`add ${p.metadata?.name}`));
    informer.on('update', (p) => seen.push(`update ${p.metadata?.name} ${p.metadata?.labels?.['step'] ?? ''}`));
    informer.on('delete', (p) => seen.push(`delete ${p.metadata?.name}`));
    // While the server is down the informer reports errors; restarting it is the caller's job,
    // except after stop(), whose abort of the watch is reported as an error too.
    let stopped = false;
    informer.on('error', () => {
      setTimeout(() => {
        if (!stopped) void informer.start().catch(() => undefined);
      }, 200);
    });
    await informer.start();
    try {
      await eventually(() => expect(seen).toContain('add before'));

      await core.createNamespacedPod({ namespace: 'default', body: pod('during') });
      const during = await core.readNamespacedPod({ namespace: 'default', name: 'during' });
      during.metadata = { ...during.metadata, labels: { ...during.metadata?.labels, step: 'two' } };
      await core.replaceNamespacedPod({ namespace: 'default', name: 'during', body: during });
      await core.deleteNamespacedPod({ namespace: 'default', name: 'before' });
      await eventually(() => expect(seen).toEqual(expect.arrayContaining(['add during', 'update during two', 'delete before'])));
      expect(lists).toBe(1);

      await cluster.restart();
      await core.createNamespacedPod({ namespace: 'default', body: pod('after-restart') });
      await eventually(() => expect(seen).toContain('add after-restart'), 20_000);
      expect(informer.list().map((p) => p.metadata?.name).sort()).toEqual(['after-restart', 'during']);

      // While the informer is stopped, many writes it does not watch push its resourceVersion out of the window.
      stopped = true;
      await informer.stop();
      const listsBefore = lists;
      for (let i = 0; i < 150; i++) {
        await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `filler-${i}` }, data: { i: String(i) } } });
      }
      await core.deleteNamespacedPod({ namespace: 'default', name: 'during' });
      stopped = false;
      await informer.start();
      await eventually(() => expect(seen).toContain('delete during'), 20_000);
      expect(lists).toBe(listsBefore + 1);
      expect(informer.list().map((p) => p.metadata?.name)).toEqual(['after-restart']);
    } finally {
      stopped = true;
      await informer.stop();
    }
  });
});
