import { describe, expect, it } from 'vitest';
import { newReplicaSetReplicas, planRollingUpdate } from './rolling.ts';
import { deployment, rs, steps, type DeploymentShape, type RSShape } from './test-fixtures.ts';

const tenBy3And2: DeploymentShape = { replicas: 10, maxSurge: 3, maxUnavailable: 2 };

describe('planRollingUpdate', () => {
  it.each<[string, DeploymentShape, RSShape, RSShape[], string[]]>([
    ['a new ReplicaSet grows by maxSurge first', tenBy3And2, { name: 'new', replicas: 0 }, [{ name: 'old', replicas: 10 }], ['new=3']],
    [
      'then old pods go while maxUnavailable allows',
      tenBy3And2,
      { name: 'new', replicas: 3, available: 0 },
      [{ name: 'old', replicas: 10 }],
      ['old=8'],
    ],
    [
      'the new ReplicaSet grows again into the room the scale-down made',
      tenBy3And2,
      { name: 'new', replicas: 3, available: 0 },
      [{ name: 'old', replicas: 8 }],
      ['new=5'],
    ],
    [
      'pods of a scale-down still there count against maxSurge',
      tenBy3And2,
      { name: 'new', replicas: 3, available: 0 },
      [{ name: 'old', replicas: 8, pods: 10 }],
      [],
    ],
    [
      'available new pods let old ones go, down to minAvailable',
      tenBy3And2,
      { name: 'new', replicas: 5, available: 5 },
      [{ name: 'old', replicas: 8 }],
      ['old=3'],
    ],
    [
      'unhealthy old pods go first, within what unavailability allows',
      tenBy3And2,
      { name: 'new', replicas: 3, available: 0 },
      [{ name: 'old', replicas: 10, available: 7 }],
      ['old=8'],
    ],
    [
      'the oldest ReplicaSets shrink first',
      tenBy3And2,
      { name: 'new', replicas: 3, available: 3 },
      [
        { name: 'newer-old', replicas: 6, created: 10 },
        { name: 'oldest', replicas: 4, created: 0 },
      ],
      ['oldest=0', 'newer-old=5'],
    ],
    [
      'a stale availability of a shrinking ReplicaSet counts no more than its size',
      { replicas: 3, maxSurge: 1, maxUnavailable: 0 },
      { name: 'new', replicas: 2, available: 2 },
      [
        { name: 'shrinking', replicas: 1, pods: 2, available: 2, created: 0 },
        { name: 'other', replicas: 1, created: 5 },
      ],
      ['shrinking=0'],
    ],
    ['a new ReplicaSet above replicas comes down', tenBy3And2, { name: 'new', replicas: 12 }, [], ['new=10']],
    ['nothing to do when complete', tenBy3And2, { name: 'new', replicas: 10 }, [{ name: 'old', replicas: 0 }], []],
    ['25%/25% of 3: surge 1', { replicas: 3 }, { name: 'new', replicas: 0 }, [{ name: 'old', replicas: 3 }], ['new=1']],
    ['25%/25% of 3: unavailable 0, so old waits for new pods', { replicas: 3 }, { name: 'new', replicas: 1, available: 0 }, [{ name: 'old', replicas: 3 }], []],
    ['25%/25% of 3: one new available, one old goes', { replicas: 3 }, { name: 'new', replicas: 1, available: 1 }, [{ name: 'old', replicas: 3 }], ['old=2']],
    ['maxSurge 0: old goes first', { replicas: 4, maxSurge: 0, maxUnavailable: 1 }, { name: 'new', replicas: 0 }, [{ name: 'old', replicas: 4 }], ['old=3']],
  ])('%s', (_case, d, newRS, oldRSs, expected) => {
    expect(steps(planRollingUpdate(deployment(d), rs(newRS), oldRSs.map(rs)))).toEqual(expected);
  });
});

describe('newReplicaSetReplicas', () => {
  it.each<[DeploymentShape, number, number, number]>([
    [{ replicas: 10, maxSurge: '30%' }, 0, 10, 3],
    [{ replicas: 10, maxSurge: '25%' }, 0, 10, 3],
    [{ replicas: 10, maxSurge: 0 }, 0, 10, 0],
    [{ replicas: 10, maxSurge: 5 }, 8, 5, 10],
    [{ replicas: 10, strategy: 'Recreate' }, 0, 10, 10],
  ])('%j with new at %d and old at %d: %d', (d, newSize, oldSize, expected) => {
    const newRS = rs({ name: 'new', replicas: newSize });
    expect(newReplicaSetReplicas(deployment(d), [rs({ name: 'old', replicas: oldSize }), newRS], newRS)).toBe(expected);
  });
});
