import { describe, expect, it } from 'vitest';
import { T0, at } from '../replicaset/test-fixtures.ts';
import { calculateDeploymentStatus, calculateRolloutStatus, progressCheckAfterMs } from './deployment-status.ts';
import type { DeploymentCondition } from './objects.ts';
import { deployment, rs } from './test-fixtures.ts';

const progressing = (reason: string, updatedAt: number, status: DeploymentCondition['status'] = 'True'): DeploymentCondition => ({
  type: 'Progressing',
  status,
  lastUpdateTime: at(updatedAt),
  lastTransitionTime: at(0),
  reason,
  message: 'earlier',
});

describe('calculateDeploymentStatus', () => {
  it('sums the ReplicaSets and reports minimum availability', () => {
    const newRS = rs({ name: 'new', replicas: 3, available: 1, ready: 2 });
    const oldRS = rs({ name: 'old', replicas: 8 });
    const status = calculateDeploymentStatus([oldRS, newRS], newRS, deployment({ replicas: 10, maxSurge: 3, maxUnavailable: 2, generation: 4 }), T0);
    expect(status).toEqual({
      observedGeneration: 4,
      replicas: 11,
      updatedReplicas: 3,
      readyReplicas: 10,
      availableReplicas: 9,
      unavailableReplicas: 2,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: at(0), lastTransitionTime: at(0), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      ],
    });
  });

  it('reports missing availability, leaving zero counts out', () => {
    const newRS = rs({ name: 'new', replicas: 3, available: 0, pods: 0, ready: 0 });
    const status = calculateDeploymentStatus([newRS], newRS, deployment({ replicas: 3 }), T0);
    expect(status).toEqual({
      observedGeneration: 1,
      unavailableReplicas: 3,
      conditions: [expect.objectContaining({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' })],
    });
  });
});

describe('calculateRolloutStatus', () => {
  const newRS = (available: number) => rs({ name: 'new', replicas: 3, available });
  it.each<[string, DeploymentCondition | undefined, number, number, string | undefined, DeploymentCondition['status'] | undefined]>([
    ['complete', progressing('ReplicaSetUpdated', 0), 3, 10, 'NewReplicaSetAvailable', 'True'],
    ['progress since the last look', progressing('NewReplicaSetCreated', 0), 2, 10, 'ReplicaSetUpdated', 'True'],
    ['quiet within the deadline', progressing('ReplicaSetUpdated', 0), 0, 599, 'ReplicaSetUpdated', 'True'],
    ['quiet past the deadline', progressing('ReplicaSetUpdated', 0), 0, 601, 'ProgressDeadlineExceeded', 'False'],
    ['timed out stays timed out', progressing('ProgressDeadlineExceeded', 0, 'False'), 0, 700, 'ProgressDeadlineExceeded', 'False'],
  ])('%s', (_case, current, available, nowSeconds, reason, status) => {
    const d = deployment({ replicas: 3, status: { replicas: 3, updatedReplicas: 3, availableReplicas: available === 2 ? 1 : available, conditions: current === undefined ? [] : [current] } });
    const next = calculateRolloutStatus([newRS(available)], newRS(available), d, T0 + nowSeconds * 1000);
    const condition = next.conditions?.find((c) => c.type === 'Progressing');
    expect(condition?.reason).toBe(reason);
    expect(condition?.status).toBe(status);
  });

  it('refreshes lastUpdateTime on progress but keeps the transition time', () => {
    const d = deployment({ replicas: 3, status: { replicas: 3, updatedReplicas: 3, availableReplicas: 1, conditions: [progressing('ReplicaSetUpdated', 5)] } });
    const next = calculateRolloutStatus([newRS(2)], newRS(2), d, T0 + 60_000);
    expect(next.conditions?.find((c) => c.type === 'Progressing')).toEqual({
      type: 'Progressing',
      status: 'True',
      lastUpdateTime: at(60),
      lastTransitionTime: at(0),
      reason: 'ReplicaSetUpdated',
      message: 'ReplicaSet "new" is progressing.',
    });
  });

  it('has no Progressing condition without a deadline, and carries ReplicaSet failures', () => {
    const d = deployment({ replicas: 3, status: { conditions: [progressing('ReplicaSetUpdated', 0)] } });
    delete d.spec.progressDeadlineSeconds;
    const failing = rs({ name: 'new', replicas: 3, available: 0, pods: 0 });
    failing.status = { ...failing.status, conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: at(3), reason: 'FailedCreate', message: 'quota' }] };
    const next = calculateRolloutStatus([failing], failing, d, T0);
    expect(next.conditions?.map((c) => c.type)).toEqual(['Available', 'ReplicaFailure']);
    expect(next.conditions?.[1]).toEqual({ type: 'ReplicaFailure', status: 'True', lastUpdateTime: at(3), lastTransitionTime: at(3), reason: 'FailedCreate', message: 'quota' });
  });
});

describe('progressCheckAfterMs', () => {
  it.each<[string, DeploymentCondition | undefined, number, number | undefined]>([
    ['waits until the deadline, plus a second', progressing('ReplicaSetUpdated', 0), 100, 501_000],
    ['looks again soon when the deadline passed', progressing('ReplicaSetUpdated', 0), 900, 1000],
    ['nothing to wait for once timed out', progressing('ProgressDeadlineExceeded', 0, 'False'), 100, undefined],
    ['nothing to wait for without a condition', undefined, 100, undefined],
  ])('%s', (_case, condition, nowSeconds, expected) => {
    const d = deployment({ replicas: 3, status: { conditions: condition === undefined ? [] : [condition] } });
    expect(progressCheckAfterMs(d, { replicas: 3, updatedReplicas: 1 }, T0 + nowSeconds * 1000)).toBe(expected);
  });
});
