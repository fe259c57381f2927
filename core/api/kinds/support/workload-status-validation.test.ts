import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { validateDeploymentStatusUpdate } from '../deployment/validation.ts';
import { frontendReplicaSet, nginxDeployment, summarize } from '../pod/test-fixtures.ts';
import { validateReplicaSetStatusUpdate } from '../replicaset/validation.ts';

const stored = (obj: KubeObject): KubeObject => ({ ...obj, metadata: { ...obj.metadata, uid: 'u-1', resourceVersion: '7', creationTimestamp: '2026-11-26T00:00:00Z' } });
const withStatus = (obj: KubeObject, status: Record<string, unknown>): KubeObject => ({ ...obj, status });

describe('validateReplicaSetStatusUpdate', () => {
  const old = stored(frontendReplicaSet());

  it('accepts consistent counts, and does not judge the stored spec again', () => {
    const next = withStatus(old, { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 });
    expect(validateReplicaSetStatusUpdate(next, old)).toEqual([]);
    // A template that a whole-object update would reject is the stored one here: a status write cannot change it.
    const oddSpec = { ...next, spec: { ...(next['spec'] as object), template: { metadata: {}, spec: {} } } };
    expect(validateReplicaSetStatusUpdate(oddSpec, oddSpec)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a negative count', { replicas: -1 }, 'status.replicas', 'Invalid value: -1: must be greater than or equal to 0'],
    ['ready above replicas', { replicas: 1, readyReplicas: 2, availableReplicas: 0 }, 'status.readyReplicas', 'Invalid value: 2: cannot be greater than status.replicas'],
    ['fully labeled above replicas', { replicas: 1, fullyLabeledReplicas: 2 }, 'status.fullyLabeledReplicas', 'Invalid value: 2: cannot be greater than status.replicas'],
    ['available above ready', { replicas: 3, readyReplicas: 1, availableReplicas: 2 }, 'status.availableReplicas', 'Invalid value: 2: cannot be greater than readyReplicas'],
    ['a count of the wrong type', { replicas: 'three' }, 'status.replicas', 'Invalid value: "three": must be of type integer'],
  ])('rejects %s', (_name, status, field, message) => {
    const errors = validateReplicaSetStatusUpdate(withStatus(old, status), old);
    expect(errors.find((e) => e.field === field)?.message).toBe(message);
  });

  it('keeps metadata update rules', () => {
    const next = { ...old, metadata: { ...old.metadata, uid: 'other' } };
    expect(summarize(validateReplicaSetStatusUpdate(next, old))).toContain('metadata.uid: FieldValueInvalid');
  });
});

describe('validateDeploymentStatusUpdate', () => {
  const old = stored(nginxDeployment());

  it('accepts consistent counts', () => {
    const status = { observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 0, collisionCount: 0 };
    expect(validateDeploymentStatusUpdate(withStatus(old, status), old)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['updated above replicas', { replicas: 2, updatedReplicas: 3 }, 'status.updatedReplicas', 'Invalid value: 3: cannot be greater than status.replicas'],
    ['a negative unavailable count', { unavailableReplicas: -1 }, 'status.unavailableReplicas', 'Invalid value: -1: must be greater than or equal to 0'],
    ['a negative collisionCount', { collisionCount: -2 }, 'status.collisionCount', 'Invalid value: -2: must be greater than or equal to 0'],
    ['available above ready', { replicas: 3, readyReplicas: 1, availableReplicas: 2 }, 'status.availableReplicas', 'Invalid value: 2: cannot be greater than readyReplicas'],
  ])('rejects %s', (_name, status, field, message) => {
    const errors = validateDeploymentStatusUpdate(withStatus(old, status), old);
    expect(errors.find((e) => e.field === field)?.message).toBe(message);
  });
});
