// The builtin registry's CSR kind loads @peculiar/x509, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { builtinRegistry } from '../../api/builtin/index.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { MemoryBackend } from '../../store/memory-backend.ts';
import { ObjectStore } from '../../store/object-store.ts';
import { WatchCache } from '../../store/watch-cache.ts';
import { createApiContext } from '../api-server.ts';
import { writeContext } from '../admission/write-context.ts';
import type { ApiContext } from './context.ts';
import { evictPod } from './eviction.ts';

const registry = builtinRegistry();
const NOW = new Date('2024-06-01T12:00:00Z');

function kind(group: string, name: string): ResourceType {
  const type = registry.byGroupKind(group, name);
  if (type === undefined) throw new Error(`no ${name}`);
  return type;
}

const pods = kind('', 'Pod');
const budgets = kind('policy', 'PodDisruptionBudget');
const namespaces = kind('', 'Namespace');

interface PodSetup {
  labels?: Record<string, string>;
  phase?: string;
  ready?: boolean;
}

interface BudgetSetup {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  labels?: Record<string, string>;
}

async function cluster(podSetups: Record<string, PodSetup>, budgetSetups: Record<string, BudgetSetup>): Promise<ApiContext> {
  const backend = new MemoryBackend();
  const store = new ObjectStore(backend);
  const api = createApiContext({ registry, store, watchCache: new WatchCache(backend, store), now: () => NOW });
  await store.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, status: { phase: 'Active' } });
  const ctx = writeContext({}, 'test', NOW);
  for (const [name, setup] of Object.entries(podSetups)) {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: setup.labels ?? { app: 'web' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
    };
    await api.pipeline.create(pods, pod, ctx);
    const conditions = [{ type: 'Ready', status: setup.ready === false ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: '2024-06-01T11:00:00Z' }];
    await store.guaranteedUpdate(pods, 'default', name, (current) => ({ ...current, status: { phase: setup.phase ?? 'Running', conditions } }));
  }
  for (const [name, setup] of Object.entries(budgetSetups)) {
    const pdb: KubeObject = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: 'default' },
      spec: { selector: { matchLabels: setup.labels ?? { app: 'web' } }, ...(setup.spec ?? { minAvailable: 1 }) },
    };
    await api.pipeline.create(budgets, pdb, ctx);
    const status = { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, ...setup.status };
    await store.guaranteedUpdate(budgets, 'default', name, (current) => ({ ...current, status }));
  }
  return api;
}

function eviction(name: string, deleteOptions?: Record<string, unknown>, apiVersion = 'policy/v1'): Record<string, unknown> {
  return { apiVersion, kind: 'Eviction', metadata: { name, namespace: 'default' }, ...(deleteOptions === undefined ? {} : { deleteOptions }) };
}

function evict(api: ApiContext, name: string, body: unknown = eviction(name), dryRun = false): Promise<unknown> {
  return evictPod(api, pods, 'default', name, body, writeContext(dryRun ? { dryRun: 'All' } : {}, 'kubectl/v1.32', NOW));
}

/** The Status a client gets: the resolved value, or the rejection's Status. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError) return { http: error.httpStatus, ...error.toStatus() };
    throw error;
  }
}

async function podOrGone(api: ApiContext, name: string): Promise<KubeObject | 'gone'> {
  try {
    return await api.store.get(pods, 'default', name);
  } catch {
    return 'gone';
  }
}

function status(obj: KubeObject | 'gone'): Record<string, unknown> {
  return obj !== 'gone' && isRecord(obj['status']) ? obj['status'] : {};
}

function disruptionTarget(obj: KubeObject | 'gone'): unknown {
  const conditions = status(obj)['conditions'];
  return Array.isArray(conditions) ? conditions.find((c: unknown) => isRecord(c) && c['type'] === 'DisruptionTarget') : undefined;
}

const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

describe('evictPod', () => {
  it('evicts a pod no budget covers: marked DisruptionTarget, then deleted gracefully', async () => {
    const api = await cluster({ web: {} }, {});
    expect(await evict(api, 'web')).toEqual(SUCCESS);
    const pod = await podOrGone(api, 'web');
    expect(pod !== 'gone' && pod.metadata.deletionTimestamp).toBeTruthy();
    expect(disruptionTarget(pod)).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2024-06-01T12:00:00Z',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
    });
  });

  it("honours the Eviction's deleteOptions", async () => {
    const api = await cluster({ web: {} }, {});
    expect(await evict(api, 'web', eviction('web', { gracePeriodSeconds: 0 }))).toEqual(SUCCESS);
    expect(await podOrGone(api, 'web')).toBe('gone');
  });

  it('spends one allowed disruption and records the pod', async () => {
    const api = await cluster({ a: {}, b: {} }, { web: { status: { disruptionsAllowed: 1 } } });
    expect(await evict(api, 'a')).toEqual(SUCCESS);
    const pdb = await api.store.get(budgets, 'default', 'web');
    expect(status(pdb)).toMatchObject({
      disruptionsAllowed: 0,
      disruptedPods: { a: '2024-06-01T12:00:00Z' },
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', observedGeneration: 1 }],
    });
    expect(disruptionTarget(await podOrGone(api, 'a'))).toBeDefined();
  });

  it.each<[string, Record<string, PodSetup>, Record<string, BudgetSetup>, Record<string, unknown>]>([
    [
      'no disruption left',
      { a: {} },
      { web: { status: { disruptionsAllowed: 0, desiredHealthy: 2, currentHealthy: 2 } } },
      {
        http: 429,
        reason: 'TooManyRequests',
        message: VIOLATES,
        details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
      },
    ],
    [
      'a budget the controller has not caught up with',
      { a: {} },
      { web: { status: { observedGeneration: 0 } } },
      {
        http: 429,
        reason: 'TooManyRequests',
        message: VIOLATES,
        details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }], retryAfterSeconds: 10 },
      },
    ],
    [
      'a negative disruptionsAllowed',
      { a: {} },
      { web: { status: { disruptionsAllowed: -1 } } },
      { http: 403, reason: 'Forbidden', message: 'poddisruptionbudget.policy "web" is forbidden: pdb disruptions allowed is negative' },
    ],
    [
      'two budgets',
      { a: {} },
      { web: {}, all: { labels: {} } },
      { http: 500, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 },
    ],
    [
      'an unready pod while the budget is short (IfHealthyBudget)',
      { a: { ready: false } },
      { web: { status: { disruptionsAllowed: 0, desiredHealthy: 2, currentHealthy: 1 } } },
      { http: 429, message: VIOLATES },
    ],
  ])('refuses with %s, and the pod stays unmarked', async (_, podSetups, budgetSetups, expected) => {
    const api = await cluster(podSetups, budgetSetups);
    const before = await api.store.get(budgets, 'default', 'web');
    const answer = await outcome(evict(api, 'a'));
    expect(answer).toMatchObject(expected);
    if (expected['http'] === 500) expect(answer).not.toHaveProperty('reason');
    const pod = await podOrGone(api, 'a');
    expect(pod !== 'gone' && pod.metadata.deletionTimestamp).toBeFalsy();
    expect(disruptionTarget(pod)).toBeUndefined();
    expect((await api.store.get(budgets, 'default', 'web'))['status']).toEqual(before['status']);
  });

  it.each<[string, PodSetup, BudgetSetup]>([
    ['a Pending pod', { phase: 'Pending' }, { status: { disruptionsAllowed: 0 } }],
    ['a finished pod', { phase: 'Succeeded', ready: false }, { status: { disruptionsAllowed: 0 } }],
    ['an unready pod of a healthy budget (IfHealthyBudget)', { ready: false }, { status: { disruptionsAllowed: 0, desiredHealthy: 1, currentHealthy: 1 } }],
    ['an unready pod under AlwaysAllow', { ready: false }, { spec: { minAvailable: 3, unhealthyPodEvictionPolicy: 'AlwaysAllow' }, status: { disruptionsAllowed: 0, desiredHealthy: 3, currentHealthy: 1 } }],
  ])('lets %s go without spending a disruption', async (_, podSetup, budgetSetup) => {
    const api = await cluster({ a: podSetup }, { web: budgetSetup });
    expect(await evict(api, 'a')).toEqual(SUCCESS);
    // A finished pod has no grace period and is gone at once; a running one is marked and terminating.
    const pod = await podOrGone(api, 'a');
    if (pod !== 'gone') {
      expect(pod.metadata.deletionTimestamp).toBeDefined();
      expect(disruptionTarget(pod)).toBeDefined();
    }
    expect(status(await api.store.get(budgets, 'default', 'web'))).toMatchObject({ disruptionsAllowed: 0 });
    expect(status(await api.store.get(budgets, 'default', 'web'))['disruptedPods']).toBeUndefined();
  });

  it('lets exactly one of two concurrent evictions spend the last disruption', async () => {
    const api = await cluster({ a: {}, b: {} }, { web: { status: { disruptionsAllowed: 1 } } });
    const answers = await Promise.all([outcome(evict(api, 'a')), outcome(evict(api, 'b'))]);
    expect(answers.filter((a) => isRecord(a) && a['status'] === 'Success')).toHaveLength(1);
    expect(answers.filter((a) => isRecord(a) && a['http'] === 429)).toHaveLength(1);
  });

  it('changes nothing in a dry run', async () => {
    const api = await cluster({ a: {} }, { web: { status: { disruptionsAllowed: 1 } } });
    expect(await evict(api, 'a', eviction('a'), true)).toEqual(SUCCESS);
    expect(status(await api.store.get(budgets, 'default', 'web'))).toMatchObject({ disruptionsAllowed: 1 });
    const pod = await podOrGone(api, 'a');
    expect(pod !== 'gone' && pod.metadata.deletionTimestamp).toBeFalsy();
    expect(disruptionTarget(pod)).toBeUndefined();
  });

  it.each<[string, string, unknown, Record<string, unknown>]>([
    ['a missing pod', 'ghost', eviction('ghost'), { http: 404, reason: 'NotFound', message: 'pods "ghost" not found' }],
    ['a name that is not the URL\'s', 'a', eviction('b'), { http: 400, message: 'name in URL does not match name in Eviction object' }],
    ['another namespace', 'a', { ...eviction('a'), metadata: { name: 'a', namespace: 'prod' } }, { http: 400, message: 'the namespace of the provided object does not match the namespace sent on the request' }],
    ['an unknown version', 'a', eviction('a', undefined, 'policy/v2'), { http: 400, message: 'the API version in the data (policy/v2) does not match the expected API version (policy/v1)' }],
    ['a uid precondition of another pod', 'a', eviction('a', { preconditions: { uid: 'someone-else' } }), { http: 409, reason: 'Conflict' }],
  ])('answers %s', async (_, name, body, expected) => {
    const api = await cluster({ a: {} }, {});
    expect(await outcome(evict(api, name, body))).toMatchObject(expected);
  });

  it('accepts a policy/v1beta1 Eviction', async () => {
    const api = await cluster({ a: {} }, {});
    expect(await evict(api, 'a', eviction('a', undefined, 'policy/v1beta1'))).toEqual(SUCCESS);
  });
});
