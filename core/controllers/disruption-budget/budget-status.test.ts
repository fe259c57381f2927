import { describe, expect, it } from 'vitest';
import type { BudgetSpec } from '../../api/kinds/poddisruptionbudget/types.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { buildDisruptedPods, countHealthyPods, expectedPodCount, failSafeStatus, nextBudgetStatus, type ScaleFinder } from './budget-status.ts';
import { T0, at, budget, pod, rsOwner } from './test-fixtures.ts';

/** Every ReplicaSet named in the table has the scale given here. */
const scales: Record<string, number> = { 'rs-uid': 5, 'rs-b': 2 };
const findScale: ScaleFinder = (ref) => {
  const scale = scales[ref.uid];
  return scale === undefined ? undefined : { uid: ref.uid, scale };
};

const managed = (n: number, owner = rsOwner()): KubeObject[] => Array.from({ length: n }, (_, i) => pod(`p${i}`, { owner }));

describe('expectedPodCount', () => {
  it.each<[string, BudgetSpec, KubeObject[], unknown]>([
    ['an integer minAvailable counts the pods', { minAvailable: 2 }, managed(3), { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] }],
    ['an integer minAvailable ignores owners', { minAvailable: 1 }, [pod('bare')], { expectedCount: 1, desiredHealthy: 1, unmanagedPods: [] }],
    ['a percentage minAvailable takes the scale, rounded up', { minAvailable: '50%' }, managed(3), { expectedCount: 5, desiredHealthy: 3, unmanagedPods: [] }],
    ['maxUnavailable as a count takes the scale', { maxUnavailable: 1 }, managed(3), { expectedCount: 5, desiredHealthy: 4, unmanagedPods: [] }],
    ['maxUnavailable as a percentage rounds the unavailable up', { maxUnavailable: '30%' }, managed(5), { expectedCount: 5, desiredHealthy: 3, unmanagedPods: [] }],
    ['maxUnavailable over the scale floors at 0', { maxUnavailable: 9 }, managed(2), { expectedCount: 5, desiredHealthy: 0, unmanagedPods: [] }],
    ['two controllers add up', { maxUnavailable: 1 }, [...managed(1), pod('b0', { owner: rsOwner('b', 'rs-b') })], { expectedCount: 7, desiredHealthy: 6, unmanagedPods: [] }],
    ['pods without a controller are left out and named', { maxUnavailable: 1 }, [...managed(2), pod('bare')], { expectedCount: 5, desiredHealthy: 4, unmanagedPods: ['bare'] }],
    ['no pods', { maxUnavailable: '10%' }, [], { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] }],
    ['neither bound', {}, managed(2), { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] }],
  ])('%s', (_, spec, pods, expected) => {
    expect(expectedPodCount(spec, pods, findScale)).toEqual(expected);
  });

  it('fails when a controller cannot be found, as Kubernetes words it', () => {
    expect(expectedPodCount({ maxUnavailable: 1 }, [pod('orphan', { owner: rsOwner('gone', 'gone-uid') })], findScale)).toEqual({ error: 'found no controllers for pod "orphan"' });
  });
});

describe('countHealthyPods', () => {
  const now = T0 + 30_000;

  it.each<[string, KubeObject[], Record<string, string>, number]>([
    ['ready pods count', [pod('a'), pod('b')], {}, 2],
    ['unready pods do not', [pod('a'), pod('b', { ready: false })], {}, 1],
    ['terminating pods do not', [pod('a'), pod('b', { deleting: true })], {}, 1],
    ['a pod the eviction subresource just let go does not', [pod('a'), pod('b')], { b: at(0) }, 1],
    ['a pod whose eviction timed out counts again', [pod('a'), pod('b')], { b: at(-200) }, 2],
  ])('%s', (_, pods, pending, expected) => {
    expect(countHealthyPods(pods, pending, now)).toBe(expected);
  });
});

describe('buildDisruptedPods', () => {
  it('keeps pending entries, drops deleted and terminating pods, reports overdue ones and the next recheck', () => {
    const pods = [pod('fresh'), pod('older'), pod('overdue'), pod('going', { deleting: true })];
    const disrupted = { fresh: at(20), older: at(10), overdue: at(-500), going: at(0), gone: at(0) };
    const out = buildDisruptedPods(pods, disrupted, T0 + 30_000);
    expect(out.pending).toEqual({ fresh: at(20), older: at(10) });
    expect(out.overdue).toEqual(['overdue']);
    expect(out.recheckAtMs).toBe(T0 + 10_000 + 120_000);
  });

  it('has nothing to do without a map', () => {
    expect(buildDisruptedPods([pod('a')], undefined, T0)).toEqual({ pending: {}, recheckAtMs: undefined, overdue: [] });
  });
});

describe('nextBudgetStatus', () => {
  const now = new Date(T0);
  const condition = (status: string, reason: string, generation = 2) => ({
    type: 'DisruptionAllowed',
    status,
    observedGeneration: generation,
    reason,
    message: '',
    lastTransitionTime: at(0),
  });

  it.each<[string, { currentHealthy: number; desiredHealthy: number; expectedCount: number }, number, string, string]>([
    ['a surplus', { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3 }, 1, 'True', 'SufficientPods'],
    ['exactly enough', { currentHealthy: 2, desiredHealthy: 2, expectedCount: 3 }, 0, 'False', 'InsufficientPods'],
    ['a shortfall', { currentHealthy: 1, desiredHealthy: 2, expectedCount: 3 }, 0, 'False', 'InsufficientPods'],
    ['no expected pods', { currentHealthy: 2, desiredHealthy: 0, expectedCount: 0 }, 0, 'False', 'InsufficientPods'],
  ])('with %s', (_, counts, allowed, status, reason) => {
    const next = nextBudgetStatus(budget({ minAvailable: 2 }, {}, 2), { ...counts, disruptedPods: {} }, now);
    expect(next).toEqual({
      observedGeneration: 2,
      disruptionsAllowed: allowed,
      currentHealthy: counts.currentHealthy,
      desiredHealthy: counts.desiredHealthy,
      expectedPods: counts.expectedCount,
      conditions: [condition(status, reason)],
    });
  });

  it('writes nothing when the stored status already says it all', () => {
    const stored = { observedGeneration: 2, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: [condition('True', 'SufficientPods')] };
    expect(nextBudgetStatus(budget({ minAvailable: 2 }, stored, 2), { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, now)).toBeUndefined();
  });

  it.each([
    ['the generation moved on', 3, {}],
    ['a pending eviction is recorded', 2, { p1: at(0) }],
  ])('writes when %s', (_, generation, disruptedPods) => {
    const stored = { observedGeneration: 2, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: [condition('True', 'SufficientPods')] };
    const next = nextBudgetStatus(budget({ minAvailable: 2 }, stored, generation), { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods }, now);
    expect(next?.observedGeneration).toBe(generation);
    expect(next?.disruptedPods).toEqual(Object.keys(disruptedPods).length === 0 ? undefined : disruptedPods);
  });

  it('drops eviction entries the controller has confirmed', () => {
    const stored = { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptedPods: { p1: at(0) }, conditions: [condition('False', 'InsufficientPods', 1)] };
    const next = nextBudgetStatus(budget({ maxUnavailable: 1 }, stored), { currentHealthy: 2, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, now);
    expect(next).toBeDefined();
    expect(next?.disruptedPods).toBeUndefined();
  });
});

describe('failSafeStatus', () => {
  it('stops evictions and says why', () => {
    const stored = { observedGeneration: 1, disruptionsAllowed: 2, currentHealthy: 4, desiredHealthy: 2, expectedPods: 4 };
    expect(failSafeStatus(budget({ maxUnavailable: 2 }, stored), 'found no controllers for pod "x"', new Date(T0))).toEqual({
      ...stored,
      disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, reason: 'SyncFailed', message: 'found no controllers for pod "x"', lastTransitionTime: at(0) }],
    });
  });
});
