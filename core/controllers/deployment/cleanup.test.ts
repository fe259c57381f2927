import { describe, expect, it } from 'vitest';
import type { Pod } from '../replicaset/objects.ts';
import { pod } from '../replicaset/test-fixtures.ts';
import { planHistoryCleanup } from './cleanup.ts';
import { oldPodsRunning } from './recreate.ts';
import { deployment, rs, type RSShape } from './test-fixtures.ts';

describe('planHistoryCleanup', () => {
  it.each<[string, number | undefined, RSShape[], string[]]>([
    ['keeps up to the limit', 2, [{ name: 'a', replicas: 0, revision: '1' }, { name: 'b', replicas: 0, revision: '2' }], []],
    [
      'deletes the lowest revisions past the limit',
      1,
      [
        { name: 'c', replicas: 0, revision: '3' },
        { name: 'a', replicas: 0, revision: '1' },
        { name: 'b', replicas: 0, revision: '2' },
      ],
      ['a', 'b'],
    ],
    ['never one with pods or a size', 0, [{ name: 'a', replicas: 1, revision: '1' }, { name: 'b', replicas: 0, pods: 1, revision: '2' }], []],
    ['keeps everything without a limit', undefined, [{ name: 'a', replicas: 0, revision: '1' }], []],
  ])('%s', (_case, limit, sets, expected) => {
    const d = deployment(limit === undefined ? {} : { revisionHistoryLimit: limit });
    if (limit === undefined) delete d.spec.revisionHistoryLimit;
    expect(planHistoryCleanup(d, sets.map(rs)).map((r) => r.metadata.name)).toEqual(expected);
  });

  it('skips a ReplicaSet whose controller has not seen its latest spec', () => {
    const stale = rs({ name: 'a', replicas: 0, revision: '1' });
    stale.metadata.generation = 2;
    expect(planHistoryCleanup(deployment({ revisionHistoryLimit: 0 }), [stale])).toEqual([]);
  });
});

describe('oldPodsRunning', () => {
  const newRS = rs({ name: 'new', replicas: 0 });
  const old = rs({ name: 'old', replicas: 0, pods: 0 });
  it.each<[string, RSShape, Pod[], boolean]>([
    ['an old ReplicaSet still reports pods', { name: 'old', replicas: 0, pods: 1 }, [], true],
    ['an old pod still runs', { name: 'old', replicas: 0, pods: 0 }, [pod({ name: 'p', phase: 'Running' })], true],
    ['an old pod in Unknown counts as running', { name: 'old', replicas: 0, pods: 0 }, [pod({ name: 'p', phase: 'Unknown' })], true],
    ['old pods finished', { name: 'old', replicas: 0, pods: 0 }, [pod({ name: 'p', phase: 'Succeeded' }), pod({ name: 'q', phase: 'Failed' })], false],
    ['no old pods', { name: 'old', replicas: 0, pods: 0 }, [], false],
  ])('%s: %s', (_case, oldShape, oldPods, expected) => {
    const map = new Map([
      [old.metadata.uid ?? '', oldPods],
      [newRS.metadata.uid ?? '', [pod({ name: 'new-pod' })]],
    ]);
    expect(oldPodsRunning(newRS, [rs(oldShape)], map)).toBe(expected);
  });
});
