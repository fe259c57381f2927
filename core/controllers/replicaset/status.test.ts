import { describe, expect, it } from 'vitest';
import { calculateReplicaSetStatus, replicaSetStatusUnchanged } from './status.ts';
import { T0, pod, replicaSet } from './test-fixtures.ts';

describe('calculateReplicaSetStatus', () => {
  it.each([
    {
      case: 'all ready, no minReadySeconds',
      minReady: 0,
      pods: [pod({ name: 'a', readySince: 0 }), pod({ name: 'b', readySince: 5 })],
      now: 10,
      expected: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 4 },
      next: undefined,
    },
    {
      case: 'one ready for less than minReadySeconds',
      minReady: 10,
      pods: [pod({ name: 'a', readySince: 0 }), pod({ name: 'b', readySince: 5 })],
      now: 12,
      expected: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 4 },
      next: 3001,
    },
    {
      case: 'not ready and not fully labeled',
      minReady: 0,
      pods: [pod({ name: 'a' }), pod({ name: 'b', labels: { app: 'web' }, readySince: 1 })],
      now: 10,
      expected: { replicas: 2, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 4 },
      next: undefined,
    },
    {
      case: 'no pods: only replicas and the generation',
      minReady: 0,
      pods: [],
      now: 0,
      expected: { replicas: 0, observedGeneration: 4 },
      next: undefined,
    },
  ])('$case', (row) => {
    const rs = replicaSet({ minReadySeconds: row.minReady, generation: 4, templateLabels: row.case.includes('labeled') ? { app: 'web', tier: 'x' } : { app: 'web' } });
    if (row.case.includes('labeled')) {
      const first = row.pods[0];
      if (first !== undefined) first.metadata.labels = { app: 'web', tier: 'x' };
    }
    const { status, nextAvailableInMs } = calculateReplicaSetStatus(rs, row.pods, undefined, T0 + row.now * 1000);
    expect(status).toEqual(row.expected);
    expect(nextAvailableInMs).toBe(row.next);
  });

  it('adds ReplicaFailure on a failed create and removes it once creating works', () => {
    const rs = replicaSet({ replicas: 3 });
    const failed = calculateReplicaSetStatus(rs, [], new Error('pods "web-" is forbidden: exceeded quota'), T0);
    expect(failed.status.conditions).toEqual([
      { type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota' },
    ]);
    rs.status = failed.status;
    // A repeated failure keeps the first condition and its time.
    expect(calculateReplicaSetStatus(rs, [], new Error('again'), T0 + 60_000).status.conditions).toEqual(failed.status.conditions);
    expect(calculateReplicaSetStatus(rs, [], undefined, T0).status.conditions).toBeUndefined();
  });

  it('reports FailedDelete when there are too many pods', () => {
    const { status } = calculateReplicaSetStatus(replicaSet({ replicas: 0 }), [pod({ name: 'a' })], new Error('boom'), T0);
    expect(status.conditions?.[0]?.reason).toBe('FailedDelete');
  });
});

describe('replicaSetStatusUnchanged', () => {
  it.each([
    [{ replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 }, true],
    [{ replicas: 2, readyReplicas: 1, availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 }, false],
    [{ replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2 }, false],
  ])('%j unchanged: %s', (current, unchanged) => {
    const rs = replicaSet({ generation: 1, status: current });
    expect(replicaSetStatusUnchanged(rs, { replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 })).toBe(unchanged);
  });
});
