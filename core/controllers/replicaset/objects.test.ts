import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { isDeployment } from '../deployment/objects.ts';
import { isPod, isPodOnce, isReplicaSet } from './objects.ts';
import { slowStartBatch } from './slow-start.ts';

const obj = (body: Record<string, unknown>): KubeObject => ({ metadata: { name: 'x' }, ...body });

describe('shape guards', () => {
  it.each<[string, (o: KubeObject) => boolean, Record<string, unknown>, boolean]>([
    ['a ReplicaSet', isReplicaSet, { spec: { replicas: 2, selector: {}, template: { metadata: {}, spec: {} } }, status: { replicas: 1, conditions: [] } }, true],
    ['a ReplicaSet without spec', isReplicaSet, {}, false],
    ['a ReplicaSet with text replicas', isReplicaSet, { spec: { replicas: '2' } }, false],
    ['a ReplicaSet with a malformed condition', isReplicaSet, { spec: {}, status: { conditions: [{ type: 'X', status: 'Maybe' }] } }, false],
    ['a bare pod', isPod, {}, true],
    ['a pod with status', isPod, { spec: { nodeName: 'n1' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ restartCount: 1 }] } }, true],
    ['a pod with a numeric node name', isPod, { spec: { nodeName: 3 } }, false],
    ['a pod with text restart counts', isPod, { status: { containerStatuses: [{ restartCount: 'many' }] } }, false],
    ['a pod looked at once', isPodOnce, { spec: { nodeName: 'n1' }, status: { phase: 'Running' } }, true],
    ['a pod looked at once, with a numeric node name', isPodOnce, { spec: { nodeName: 3 } }, false],
    ['a Deployment', isDeployment, { spec: { replicas: 3, paused: true, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } } }, true],
    ['a Deployment with a boolean surge', isDeployment, { spec: { strategy: { rollingUpdate: { maxSurge: true } } } }, false],
    ['a Deployment with text paused', isDeployment, { spec: { paused: 'yes' } }, false],
  ])('%s: %s', (_case, guard, body, expected) => {
    expect(guard(obj(body))).toBe(expected);
  });
});

describe('isPod on the versions informers share', () => {
  const running = (): KubeObject => obj({ spec: { nodeName: 'n1' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });

  it('leaves a version looked at once unmarked, and knows a marked one without checking it again', () => {
    const pod = running();
    expect(isPodOnce(pod)).toBe(true);
    expect(Object.getOwnPropertySymbols(pod)).toEqual([]);
    expect(isPod(pod)).toBe(true);
    expect(Object.getOwnPropertySymbols(pod)).toHaveLength(1);
    // A marked version is taken as pod-shaped as it is (stored versions are never changed).
    expect(isPodOnce(pod)).toBe(true);
  });

  it('remembers a checked version without changing what it serialises to or compares equal with', () => {
    const pod = running();
    const twin = running();
    expect(isPod(pod)).toBe(true);
    expect(JSON.stringify(pod)).toBe(JSON.stringify(twin));
    expect(pod).toStrictEqual(twin);
    expect(Object.keys(pod)).toEqual(Object.keys(twin));
    expect({ ...pod }).toStrictEqual({ ...twin });
    expect(isPod(pod)).toBe(true);
  });

  it('checks a frozen version too, and a malformed one is never taken for a pod', () => {
    const frozen = Object.freeze(running());
    expect(isPod(frozen)).toBe(true);
    expect(isPod(frozen)).toBe(true);
    const malformed = Object.freeze(obj({ spec: { nodeName: 3 } }));
    expect(isPod(malformed)).toBe(false);
    expect(isPod(malformed)).toBe(false);
  });
});

describe('slowStartBatch', () => {
  it('doubles batches while calls succeed and stops after the batch with the first failure', async () => {
    let calls = 0;
    const result = await slowStartBatch(20, 1, async () => {
      calls++;
      // Calls 1-3 (batches of 1 and 2) succeed; the batch of 4 has one failure.
      if (calls === 5) throw new Error('quota exceeded');
    });
    expect(calls).toBe(7);
    expect(result.successes).toBe(6);
    expect(result.error).toEqual(new Error('quota exceeded'));
  });

  it('makes every call when all succeed', async () => {
    let calls = 0;
    expect(await slowStartBatch(10, 1, async () => void calls++)).toEqual({ successes: 10 });
    expect(calls).toBe(10);
  });
});
