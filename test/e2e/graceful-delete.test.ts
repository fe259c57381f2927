import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../core/cli/catalog.ts';
import { ControlPlane } from '../../core/cli/control-plane.ts';
import { parseConfig } from '../../core/kernel/config.ts';
import type { TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { ApiHttp, clusterWithHttp } from './support/http.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { openWatch } from './support/watch-stream.ts';

/**
 * Graceful pod deletion as kube-apiserver does it: a delete of a pod a node
 * runs only marks it (deletionTimestamp, deletionGracePeriodSeconds) until
 * the node's agent confirms with gracePeriodSeconds=0; a pod no node runs,
 * or one that finished, goes at once.
 */

interface PodMeta {
  uid: string;
  resourceVersion: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
}

interface PodJson {
  metadata: PodMeta;
}

const test = clusterWithHttp();
const PODS = '/api/v1/namespaces/default/pods';


function podBody(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
}

async function createPod(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Promise<PodJson> {
  const created = await test.http.send('POST', PODS, podBody(name, spec, metadata));
  expect(created.status, created.text).toBe(201);
  return created.json as PodJson;
}

async function getPod(name: string): Promise<{ status: number; pod: PodJson }> {
  const response = await test.http.send('GET', `${PODS}/${name}`);
  return { status: response.status, pod: response.json as PodJson };
}

function secondsFromNow(timestamp: string | undefined): number {
  return (Date.parse(timestamp ?? '') - Date.now()) / 1000;
}

describe('deleting a pod bound to a node', () => {
  it('only marks it: deletionTimestamp 30 s ahead, deletionGracePeriodSeconds 30, a MODIFIED event, Terminating in kubectl get', async () => {
    const created = await createPod('bound', { nodeName: 'node-a' });
    const watch = openWatch(test.cluster, `${PODS}?watch=1&resourceVersion=${created.metadata.resourceVersion}&fieldSelector=metadata.name%3Dbound`);
    try {
      expect(await kubectlOk(test.cluster.kubeconfig, ['delete', 'pod', 'bound', '--wait=false'])).toBe('pod "bound" deleted\n');
      const { status, pod } = await getPod('bound');
      expect(status).toBe(200);
      expect(pod.metadata.deletionGracePeriodSeconds).toBe(30);
      expect(secondsFromNow(pod.metadata.deletionTimestamp)).toBeGreaterThan(25);
      expect(secondsFromNow(pod.metadata.deletionTimestamp)).toBeLessThanOrEqual(30);
      expect(Number(pod.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      await eventually(() => expect(watch.events.map((e) => e.type)).toEqual(['MODIFIED']));
      expect(watch.events[0]?.object.metadata?.resourceVersion).toBe(pod.metadata.resourceVersion);
      expect(await kubectlOk(test.cluster.kubeconfig, ['get', 'pod', 'bound', '--no-headers'])).toMatch(/^bound\s+0\/1\s+Terminating\s/);
    } finally {
      watch.close();
    }
  });

  it('answers 200 with the marked pod; the pod spec terminationGracePeriodSeconds is the default grace', async () => {
    await createPod('own-grace', { nodeName: 'node-a', terminationGracePeriodSeconds: 90 });
    const response = await test.http.send('DELETE', `${PODS}/own-grace`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ kind: 'Pod', metadata: { name: 'own-grace', deletionGracePeriodSeconds: 90 } });
  });

  it('answers 202 only when the deprecated orphanDependents: false asked for a cascade, as kube-apiserver', async () => {
    await createPod('cascade-old', { nodeName: 'node-a' });
    await createPod('cascade-new', { nodeName: 'node-a' });
    expect((await test.http.send('DELETE', `${PODS}/cascade-old`, JSON.stringify({ orphanDependents: false }))).status).toBe(202);
    expect((await test.http.send('DELETE', `${PODS}/cascade-new`, JSON.stringify({ propagationPolicy: 'Foreground' }))).status).toBe(200);
  });

  it('a second delete with a shorter grace period moves deletionTimestamp earlier; a longer or equal one changes nothing', async () => {
    await createPod('shorten', { nodeName: 'node-a' });
    await test.http.send('DELETE', `${PODS}/shorten`);
    const first = (await getPod('shorten')).pod.metadata;
    const shorter = await test.http.send('DELETE', `${PODS}/shorten`, JSON.stringify({ gracePeriodSeconds: 10 }));
    expect(shorter.status).toBe(200);
    const second = (await getPod('shorten')).pod.metadata;
    expect(second.deletionGracePeriodSeconds).toBe(10);
    expect(Date.parse(first.deletionTimestamp ?? '') - Date.parse(second.deletionTimestamp ?? '')).toBe(20_000);
    for (const longer of [10, 20]) {
      const response = await test.http.send('DELETE', `${PODS}/shorten?gracePeriodSeconds=${longer}`);
      expect(response.status).toBe(200);
      expect((response.json as PodJson).metadata).toMatchObject({ resourceVersion: second.resourceVersion, deletionGracePeriodSeconds: 10 });
    }
    // No grace period given: the pending one stands.
    expect((await test.http.send('DELETE', `${PODS}/shorten`)).json).toMatchObject({ metadata: { resourceVersion: second.resourceVersion } });
  });

  it('with --grace-period=0 --force goes at once; watchers see the grace-0 mark, then the deletion', async () => {
    const created = await createPod('forced', { nodeName: 'node-a' });
    const watch = openWatch(test.cluster, `${PODS}?watch=1&resourceVersion=${created.metadata.resourceVersion}&fieldSelector=metadata.name%3Dforced`);
    try {
      const out = await kubectl(test.cluster.kubeconfig, ['delete', 'pod', 'forced', '--grace-period=0', '--force']);
      expect(out.code).toBe(0);
      expect(out.stdout).toBe('pod "forced" force deleted\n');
      expect((await getPod('forced')).status).toBe(404);
      await eventually(() => expect(watch.events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']));
      const deleted = watch.events[1]?.object as { metadata?: PodMeta } | undefined;
      expect(deleted?.metadata?.deletionGracePeriodSeconds).toBe(0);
    } finally {
      watch.close();
    }
  });

  it("ends a graceful deletion with the node agent's delete: grace 0 and the pod's uid", async () => {
    const created = await createPod('confirmed', { nodeName: 'node-a' });
    await test.http.send('DELETE', `${PODS}/confirmed`);
    const stale = await test.http.send('DELETE', `${PODS}/confirmed`, JSON.stringify({ gracePeriodSeconds: 0, preconditions: { uid: 'not-this-one' } }));
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on Pod "confirmed": the UID in the precondition (not-this-one) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    });
    expect((await getPod('confirmed')).status).toBe(200);
    const final = await test.http.send('DELETE', `${PODS}/confirmed`, JSON.stringify({ gracePeriodSeconds: 0, preconditions: { uid: created.metadata.uid } }));
    expect(final.status).toBe(200);
    expect(final.json).toMatchObject({ kind: 'Pod', metadata: { deletionGracePeriodSeconds: 0 } });
    expect((await getPod('confirmed')).status).toBe(404);
  });

  it('takes a negative gracePeriodSeconds as 1 s', async () => {
    await createPod('negative', { nodeName: 'node-a' });
    const response = await test.http.send('DELETE', `${PODS}/negative?gracePeriodSeconds=-5`);
    expect(response.status).toBe(200);
    expect((response.json as PodJson).metadata.deletionGracePeriodSeconds).toBe(1);
  });

  it('with a finalizer and grace 0 is only marked until the finalizer goes', async () => {
    await createPod('held', { nodeName: 'node-a' }, { finalizers: ['example.com/hold'] });
    const response = await test.http.send('DELETE', `${PODS}/held?gracePeriodSeconds=0`);
    expect(response.status).toBe(200);
    const { status, pod } = await getPod('held');
    expect(status).toBe(200);
    expect(pod.metadata.deletionGracePeriodSeconds).toBe(0);
    await test.http.send('PATCH', `${PODS}/held`, JSON.stringify({ metadata: { finalizers: null } }), { 'content-type': 'application/merge-patch+json' });
    expect((await getPod('held')).status).toBe(404);
  });
});

describe('deleting a pod no node runs', () => {
  it('removes a pod that was never scheduled at once', async () => {
    await createPod('unbound');
    expect(await kubectlOk(test.cluster.kubeconfig, ['delete', 'pod', 'unbound'])).toBe('pod "unbound" deleted\n');
    expect((await getPod('unbound')).status).toBe(404);
  });

  it('removes a pod that Succeeded at once', async () => {
    const created = await createPod('finished', { nodeName: 'node-a' });
    const status = await test.http.send(
      'PUT',
      `${PODS}/finished/status`,
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'finished', resourceVersion: created.metadata.resourceVersion }, status: { phase: 'Succeeded' } }),
    );
    expect(status.status, status.text).toBe(200);
    const response = await test.http.send('DELETE', `${PODS}/finished`);
    expect(response.status).toBe(200);
    expect((await getPod('finished')).status).toBe(404);
  });
});

describe('deleting other kinds and collections', () => {
  it('deletes a collection of pods pod by pod: bound ones marked, unbound ones gone', async () => {
    await createPod('set-bound', { nodeName: 'node-b' }, { labels: { set: 'c' } });
    await createPod('set-free', {}, { labels: { set: 'c' } });
    const response = await test.http.send('DELETE', `${PODS}?labelSelector=set%3Dc`);
    expect(response.status).toBe(200);
    expect((await getPod('set-free')).status).toBe(404);
    const bound = await getPod('set-bound');
    expect(bound.status).toBe(200);
    expect(bound.pod.metadata.deletionGracePeriodSeconds).toBe(30);
  });

  it('still deletes a ConfigMap at once, even with a grace period asked for', async () => {
    await test.http.send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } }));
    const response = await test.http.send('DELETE', '/api/v1/namespaces/default/configmaps/plain?gracePeriodSeconds=30');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await test.http.send('GET', '/api/v1/namespaces/default/configmaps/plain')).status).toBe(404);
  });
});

describe('on a simulated node', () => {
  it('kubectl delete pod completes: the node confirms the graceful deletion', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubernel-graceful-'));
    const config = await parseConfig('api:\n  port: 0\nlogging:\n  level: warn\nnodePools:\n  - { name: sim, provider: simulated, options: { count: 1 } }\n');
    const plane = await ControlPlane.start({ config, configDir: dataDir, dataDir, catalog: builtinCatalog, logger: pino({ level: 'warn' }) });
    const sim = { plane, dataDir, kubeconfig: plane.kubeconfigPath, restart: async () => undefined, stop: async () => plane.stop() } satisfies TestCluster;
    const simHttp = new ApiHttp(sim);
    try {
      const created = await simHttp.send('POST', PODS, podBody('sim-pod', { nodeName: 'sim-0' }));
      expect(created.status, created.text).toBe(201);
      await eventually(async () => expect(await kubectlOk(sim.kubeconfig, ['get', 'pod', 'sim-pod', '-o', 'jsonpath={.status.phase}'])).toBe('Running'));
      const rv = (created.json as PodJson).metadata.resourceVersion;
      const watch = openWatch(sim, `${PODS}?watch=1&resourceVersion=${rv}&fieldSelector=metadata.name%3Dsim-pod`);
      try {
        const started = Date.now();
        expect(await kubectlOk(sim.kubeconfig, ['delete', 'pod', 'sim-pod'], { timeoutMs: 20_000 })).toBe('pod "sim-pod" deleted\n');
        expect(Date.now() - started).toBeLessThan(15_000);
        expect((await simHttp.send('GET', `${PODS}/sim-pod`)).status).toBe(404);
        await eventually(() => expect(watch.events.at(-1)?.type).toBe('DELETED'));
        // Marked with the pod's 30 s first, then confirmed by the simulated kubelet.
        const marks = watch.events.map((e) => (e.object as { metadata?: PodMeta }).metadata?.deletionGracePeriodSeconds).filter((g) => g !== undefined);
        expect(marks[0]).toBe(30);
        expect(marks.at(-1)).toBe(0);
      } finally {
        watch.close();
      }
    } finally {
      await simHttp.close();
      await plane.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
