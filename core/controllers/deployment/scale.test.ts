import { describe, expect, it } from 'vitest';
import { findActiveOrLatest, isScalingEvent, planScale } from './scale.ts';
import { deployment, rs, steps, type DeploymentShape, type RSShape } from './test-fixtures.ts';

const byThreeAndTwo = (replicas: number): DeploymentShape => ({ replicas, maxSurge: 3, maxUnavailable: 2, status: { replicas: 13 } });

describe('planScale', () => {
  it.each<[string, DeploymentShape, RSShape | undefined, RSShape[], string[], boolean]>([
    ['one active ReplicaSet takes the new size', { replicas: 5 }, { name: 'new', replicas: 3 }, [{ name: 'old', replicas: 0 }], ['new=5'], false],
    ['with none active, the new one is scaled', { replicas: 5 }, { name: 'new', replicas: 0 }, [{ name: 'old', replicas: 0 }], ['new=5'], false],
    ['with none active and no new one, the newest old one', { replicas: 2 }, undefined, [{ name: 'a', replicas: 0, created: 1 }, { name: 'b', replicas: 0, created: 9 }], ['b=2'], false],
    ['nothing when the one active ReplicaSet has the size', { replicas: 5 }, { name: 'new', replicas: 5 }, [], [], false],
    [
      'a saturated new ReplicaSet lets old ones go',
      { replicas: 10 },
      { name: 'new', replicas: 10, desired: 10 },
      [{ name: 'old', replicas: 2 }],
      ['old=0'],
      false,
    ],
    // The example of the Kubernetes documentation: 10 -> 15 replicas while a rollout is stuck at old 8, new 5.
    [
      'scaling up mid-rollout adds in proportion, larger ReplicaSets first',
      byThreeAndTwo(15),
      { name: 'new', replicas: 5, available: 0, max: 13, created: 10 },
      [{ name: 'old', replicas: 8, max: 13, created: 0 }],
      ['old=11', 'new=7'],
      true,
    ],
    [
      'scaling down mid-rollout removes in proportion',
      byThreeAndTwo(5),
      { name: 'new', replicas: 5, available: 0, max: 13, created: 10 },
      [{ name: 'old', replicas: 8, max: 13, created: 0 }],
      ['old=5', 'new=3'],
      true,
    ],
    [
      'scaling to zero empties every ReplicaSet',
      byThreeAndTwo(0),
      { name: 'new', replicas: 5, available: 0, max: 13, created: 10 },
      [{ name: 'old', replicas: 8, max: 13, created: 0 }],
      ['old=0', 'new=0'],
      true,
    ],
    ['Recreate does not scale in proportion', { replicas: 5, strategy: 'Recreate' }, { name: 'new', replicas: 2 }, [{ name: 'old', replicas: 2 }], [], false],
  ])('%s', (_case, d, newRS, oldRSs, expected, proportional) => {
    const plan = planScale(deployment(d), newRS === undefined ? undefined : rs(newRS), oldRSs.map(rs));
    expect(steps(plan.actions)).toEqual(expected);
    expect(plan.refreshAnnotations).toBe(proportional);
  });
});

describe('isScalingEvent', () => {
  it.each<[string, RSShape[], boolean]>([
    ['an active ReplicaSet sized for other replicas', [{ name: 'a', replicas: 3, desired: 3 }], true],
    ['sized for these replicas', [{ name: 'a', replicas: 5, desired: 5 }], false],
    ['no annotation yet', [{ name: 'a', replicas: 3 }], false],
    ['only an inactive ReplicaSet differs', [{ name: 'a', replicas: 0, desired: 3 }, { name: 'b', replicas: 5, desired: 5 }], false],
  ])('%s: %s', (_case, sets, expected) => {
    const [first, ...rest] = sets.map(rs);
    expect(isScalingEvent(deployment({ replicas: 5 }), first, rest)).toBe(expected);
  });
});

describe('findActiveOrLatest', () => {
  it('is undefined while several ReplicaSets are active', () => {
    expect(findActiveOrLatest(rs({ name: 'a', replicas: 1 }), [rs({ name: 'b', replicas: 1 })])).toBeUndefined();
    expect(findActiveOrLatest(undefined, [])).toBeUndefined();
  });
});
