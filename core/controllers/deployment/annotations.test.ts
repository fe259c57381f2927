import { describe, expect, it } from 'vitest';
import { appendRevisionHistory, deploymentAnnotationsFrom, lastRevision, maxRevision, setNewReplicaSetAnnotations } from './annotations.ts';
import { deployment, rs } from './test-fixtures.ts';

describe('revisions', () => {
  it.each<[(string | undefined)[], number, number]>([
    [['1', '2', '3'], 3, 2],
    [['3', '1'], 3, 1],
    [['5'], 5, 0],
    [[undefined, '2'], 2, 0],
    [['x', '4', '2'], 4, 2],
  ])('%j: max %d, last %d', (revisions, max, last) => {
    const sets = revisions.map((revision, i) => rs({ name: `rs${i}`, replicas: 0, ...(revision === undefined ? {} : { revision }) }));
    expect(maxRevision(sets)).toBe(max);
    expect(lastRevision(sets)).toBe(last);
  });
});

describe('setNewReplicaSetAnnotations', () => {
  it('gives a ReplicaSet about to be created its revision, sizes and the Deployment annotations, not the skipped ones', () => {
    const d = deployment({
      replicas: 3,
      annotations: { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    });
    const created = rs({ name: 'new', replicas: 0 });
    expect(setNewReplicaSetAnnotations(d, created, 2, false)).toBe(true);
    expect(created.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'v2',
      'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
  });

  it('raises the revision of a ReplicaSet rolled back to and keeps the old number in its history', () => {
    const reused = rs({ name: 'old', replicas: 0, revision: '1' });
    reused.metadata.annotations = { ...reused.metadata.annotations, 'deployment.kubernetes.io/revision-history': '' };
    expect(setNewReplicaSetAnnotations(deployment(), reused, 3, true)).toBe(true);
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(setNewReplicaSetAnnotations(deployment(), reused, 5, true)).toBe(true);
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1,3');
    // Never lowered: a revision above the computed one stays.
    expect(setNewReplicaSetAnnotations(deployment(), reused, 4, true)).toBe(false);
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('5');
  });
});

describe('appendRevisionHistory', () => {
  it.each([
    ['', '1', 2000, '1'],
    ['1,3', '5', 2000, '1,3,5'],
    ['1,3', '5', 4, '3,5'],
    ['11', '12', 1, '11'],
  ])('%j + %s within %d chars: %j', (history, revision, limit, expected) => {
    expect(appendRevisionHistory(history, revision, limit)).toBe(expected);
  });
});

describe('deploymentAnnotationsFrom', () => {
  it('takes the ReplicaSet annotations but keeps the Deployment revision', () => {
    const d = deployment({ annotations: { 'deployment.kubernetes.io/revision': '4', note: 'current' } });
    const target = rs({ name: 'old', replicas: 0, revision: '1' });
    target.metadata.annotations = { ...target.metadata.annotations, note: 'then' };
    expect(deploymentAnnotationsFrom(d, target)).toEqual({ 'deployment.kubernetes.io/revision': '4', note: 'then' });
  });
});
