import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { conflict } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient, WriteOptions } from '../../client/api-client.ts';
import type { ResourceRef } from '../../client/resources.ts';
import { Indexes, IndexedCache } from '../framework/indexed-cache.ts';
import { fakeClient } from '../replicaset/test-fixtures.ts';
import { DisruptionReconciler, STALE_POD_KEY_PREFIX } from './reconciler.ts';
import type { ScaleFinder } from './budget-status.ts';
import { T0, at, budget, pod, rsOwner } from './test-fixtures.ts';

interface Harness {
  reconciler: DisruptionReconciler;
  writes: { resource: string; object: KubeObject; subresource: string | undefined }[];
  events: string[];
}

const scaleOfThree: ScaleFinder = (ref) => ({ uid: ref.uid, scale: 3 });

interface HarnessOptions {
  update?: ApiClient['update'];
  nowMs?: number;
  findScale?: ScaleFinder;
}

function harness(objects: { budgets?: KubeObject[]; pods?: KubeObject[] }, options: HarnessOptions = {}): Harness {
  const { update, nowMs = T0, findScale = scaleOfThree } = options;
  const budgets = new IndexedCache();
  const pods = new IndexedCache();
  pods.addIndex('namespace', Indexes.namespace);
  for (const b of objects.budgets ?? []) budgets.upsert(b);
  for (const p of objects.pods ?? []) pods.upsert(p);
  const writes: Harness['writes'] = [];
  const events: string[] = [];
  const recordingUpdate = async <T extends KubeObject>(resource: ResourceRef, object: KubeObject, options?: WriteOptions & { subresource?: 'status' | 'finalize' }): Promise<T> => {
    writes.push({ resource: resource.plural, object, subresource: options?.subresource });
    return object as T;
  };
  const reconciler = new DisruptionReconciler({
    client: fakeClient({ update: update ?? recordingUpdate }),
    budgets,
    pods,
    findScale,
    events: { record: (obj, type, reason, message) => events.push(`${obj.metadata.name ?? ''} ${type} ${reason}: ${message}`) },
    logger: pino({ level: 'silent' }),
    now: () => new Date(nowMs),
  });
  return { reconciler, writes, events };
}

function statusOf(obj: KubeObject | undefined): Record<string, unknown> {
  return obj !== undefined && isRecord(obj['status']) ? obj['status'] : {};
}

describe('DisruptionReconciler', () => {
  const owned = { owner: rsOwner() };

  it('writes the status of a budget from its Ready pods', async () => {
    const h = harness({ budgets: [budget({ maxUnavailable: 1 })], pods: [pod('a', owned), pod('b', owned), pod('c', { ...owned, ready: false }), pod('other', { labels: { app: 'db' } })] });
    expect(await h.reconciler.reconcile('default/web-pdb')).toEqual({});
    expect(h.writes).toHaveLength(1);
    expect(h.writes[0]?.subresource).toBe('status');
    expect(statusOf(h.writes[0]?.object)).toMatchObject({ observedGeneration: 1, expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
  });

  it('leaves an up-to-date status alone', async () => {
    const first = harness({ budgets: [budget({ minAvailable: 1 })], pods: [pod('a'), pod('b')] });
    await first.reconciler.reconcile('default/web-pdb');
    const written = first.writes[0]?.object;
    expect(written).toBeDefined();
    const second = harness({ budgets: written === undefined ? [] : [written], pods: [pod('a'), pod('b')] });
    await second.reconciler.reconcile('default/web-pdb');
    expect(second.writes).toEqual([]);
  });

  it('records NoPods for a budget that selects nothing', async () => {
    const h = harness({ budgets: [budget({ minAvailable: 1 })] });
    await h.reconciler.reconcile('default/web-pdb');
    expect(h.events).toEqual(['web-pdb Normal NoPods: No matching pods found']);
    expect(statusOf(h.writes[0]?.object)).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
  });

  it('falls safe when the expected count cannot be computed', async () => {
    const nodeOwned = pod('a', { owner: { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'n', controller: true } });
    const noScale: ScaleFinder = (ref) => ({ error: `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"` });
    const h = harness({ budgets: [budget({ minAvailable: '50%' }, { disruptionsAllowed: 2, observedGeneration: 1 })], pods: [nodeOwned] }, { findScale: noScale });
    expect(await h.reconciler.reconcile('default/web-pdb')).toEqual({});
    expect(h.events).toEqual(['web-pdb Warning CalculateExpectedPodCountFailed: Failed to calculate the number of expected pods: no matches for kind "Node" in version "v1"']);
    expect(statusOf(h.writes[0]?.object)).toMatchObject({
      disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'no matches for kind "Node" in version "v1"' }],
    });
  });

  it('retries a conflict without falling safe', async () => {
    const h = harness({ budgets: [budget({ minAvailable: 1 })], pods: [pod('a')] }, { update: () => Promise.reject(conflict('poddisruptionbudgets', 'policy', 'web-pdb', 'the object has been modified')) });
    await expect(h.reconciler.reconcile('default/web-pdb')).rejects.toMatchObject({ code: 'Conflict' });
  });

  it('keeps a just-evicted pod out of the count and looks again when its entry times out', async () => {
    const stored = { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptedPods: { a: at(-20) } };
    const h = harness({ budgets: [budget({ maxUnavailable: 1 }, stored)], pods: [pod('a', owned), pod('b', owned), pod('c', owned)] });
    const result = await h.reconciler.reconcile('default/web-pdb');
    expect(statusOf(h.writes[0]?.object)).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0, disruptedPods: { a: at(-20) } });
    expect(result).toEqual({ requeueAfterMs: 100_000 });
  });

  it('forgets a budget that is gone', async () => {
    const h = harness({});
    expect(await h.reconciler.reconcile('default/web-pdb')).toEqual({});
    expect(h.writes).toEqual([]);
  });

  it.each<[string, number, KubeObject, unknown, boolean]>([
    ['waits out the timeout', 30, evicted(0), { requeueAfterMs: 90_000 }, false],
    ['clears a condition older than the timeout', 121, evicted(0), {}, true],
    ['leaves a terminating pod alone', 500, { ...evicted(0), metadata: { ...evicted(0).metadata, deletionTimestamp: at(1) } }, {}, false],
    ["leaves the kubelet's own condition alone", 500, pod('p', { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', lastTransitionTime: at(0) }] }), {}, false],
  ])('stale DisruptionTarget: %s', async (_, seconds, subject, result, cleared) => {
    const h = harness({ pods: [subject] }, { nowMs: T0 + seconds * 1000 });
    expect(await h.reconciler.reconcile(`${STALE_POD_KEY_PREFIX}default/p`)).toEqual(result);
    expect(h.writes.length > 0).toBe(cleared);
    if (cleared) {
      expect(h.writes[0]?.resource).toBe('pods');
      expect(statusOf(h.writes[0]?.object)['conditions']).toEqual([
        { type: 'Ready', status: 'True' },
        { type: 'DisruptionTarget', status: 'False', lastProbeTime: null, lastTransitionTime: at(121) },
      ]);
    }
  });
});

function evicted(seconds: number): KubeObject {
  return pod('p', {
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: at(seconds) },
    ],
  });
}
