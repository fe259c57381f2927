import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../test/e2e/support/cluster.ts';
import { eventually } from '../../../test/e2e/support/eventually.ts';
import { Resources } from '../../client/resources.ts';
import { Indexes } from './indexed-cache.ts';
import { SharedInformer } from './shared-informer.ts';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startCluster('store:\n  backend: memory\n  watchCacheSize: 100\n');
});

afterAll(async () => {
  await cluster.stop();
});

const pod = (name: string, nodeName?: string): Parameters<TestCluster['plane']['client']['create']>[1] => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...(nodeName === undefined ? {} : { nodeName }) },
});

describe('SharedInformer over the in-process client', () => {
  it('lists, indexes, follows changes and relists after the watch expires', async () => {
    const client = cluster.plane.client;
    await client.create(Resources.pods, pod('one', 'node-a'));
    const informer = new SharedInformer(client, Resources.pods, pino({ level: 'silent' }));
    informer.addIndex('node', Indexes.nodeName);
    const events: string[] = [];
    informer.addHandlers({
      onAdd: (o) => events.push(`add ${o.metadata.name}`),
      onUpdate: (_o, n) => events.push(`update ${n.metadata.name}`),
      onDelete: (o) => events.push(`delete ${o.metadata.name}`),
    });
    informer.start();
    await informer.waitForSync();
    expect(informer.cache.byIndex('node', 'node-a').map((p) => p.metadata.name)).toEqual(['one']);

    await client.create(Resources.pods, pod('two', 'node-b'));
    await client.patch(Resources.pods, 'default', 'one', 'merge', { metadata: { labels: { x: 'y' } } });
    // Bound pods are deleted gracefully; with no kubelet here the delete is forced, which first marks the pod (an update).
    await client.delete(Resources.pods, 'default', 'two', { gracePeriodSeconds: 0 });
    await eventually(() => expect(events).toEqual(['add one', 'add two', 'update one', 'update two', 'delete two']));
    expect(informer.cache.byIndex('node', 'node-b')).toEqual([]);

    // Stopped while many changes pass, it resumes from a compacted version: 410, relist, and the cache is right.
    informer.stop();
    for (let i = 0; i < 150; i++) await client.create(Resources.configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `f${i}`, namespace: 'default' } });
    await client.delete(Resources.pods, 'default', 'one', { gracePeriodSeconds: 0 });
    await client.create(Resources.pods, pod('three', 'node-a'));
    informer.start();
    await eventually(() => expect(informer.cache.list().map((p) => p.metadata.name)).toEqual(['three']));
    expect(events.slice(-2).sort()).toEqual(['add three', 'delete one']);
    informer.stop();
  });
});
