import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { ApiHttp } from './support/http.ts';
import { openWatch } from './support/watch-stream.ts';

let cluster: TestCluster;
let http: ApiHttp;

beforeAll(async () => {
  cluster = await startCluster('store:\n  backend: memory\n  watchCacheSize: 100\n');
  http = new ApiHttp(cluster);
});

afterAll(async () => {
  await http.close();
  await cluster.stop();
});

async function createConfigMap(name: string, labels: Record<string, string> = {}): Promise<string> {
  const response = await http.send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } }));
  expect(response.status).toBe(201);
  return (response.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
}

describe('watch over HTTP', () => {
  it('resumes from a resourceVersion with exactly the later changes, in order', async () => {
    const from = await createConfigMap('w-a');
    await createConfigMap('w-b');
    await createConfigMap('w-c');
    const watch = openWatch(cluster, `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${from}`);
    await eventually(() => expect(watch.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(['ADDED w-b', 'ADDED w-c']));
    await http.send('DELETE', '/api/v1/namespaces/default/configmaps/w-b');
    await eventually(() => expect(watch.events.at(-1)).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'w-b' } } }));
    const versions = watch.events.map((e) => Number(e.object.metadata?.resourceVersion));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    watch.close();
  });

  it('without a resourceVersion sends the current state first, filtered by selectors', async () => {
    await createConfigMap('sel-yes', { team: 'a' });
    await createConfigMap('sel-no', { team: 'b' });
    const watch = openWatch(cluster, '/api/v1/namespaces/default/configmaps?watch=true&labelSelector=team%3Da');
    await eventually(() => expect(watch.events.map((e) => e.object.metadata?.name)).toEqual(['sel-yes']));
    watch.close();
  });

  it('from a compacted resourceVersion ends with an ERROR event: 410 Expired', async () => {
    const old = await createConfigMap('compacted-start');
    for (let i = 0; i < 150; i++) await createConfigMap(`filler-${i}`);
    const watch = openWatch(cluster, `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${old}`);
    await watch.ended;
    expect(watch.events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) }]);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const watch = openWatch(cluster, '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&resourceVersion=0');
    await watch.ended;
    expect(watch.events.length).toBeGreaterThan(0);
  });

  it('with sendInitialEvents marks the end of the initial state with a bookmark', async () => {
    const watch = openWatch(cluster, '/api/v1/namespaces?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan');
    await eventually(() => expect(watch.events.some((e) => e.type === 'BOOKMARK')).toBe(true));
    const names = watch.events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    const bookmark = watch.events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object.metadata?.annotations?.['k8s.io/initial-events-end']).toBe('true');
    watch.close();
  });
});
