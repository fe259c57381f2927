import { describe, expect, it } from 'vitest';
import { deletionCost, podsToDelete, rankPodsForDeletion } from './deletion-order.ts';
import { T0, pod, type PodShape } from './test-fixtures.ts';

const names = (pods: { metadata: { name?: string } }[]): (string | undefined)[] => pods.map((p) => p.metadata.name);

describe('rankPodsForDeletion', () => {
  it.each<[string, PodShape, PodShape]>([
    ['unassigned before assigned', { name: 'a', node: 'n1' }, { name: 'b' }],
    ['Pending before Running', { name: 'a', node: 'n1', phase: 'Running' }, { name: 'b', node: 'n1', phase: 'Pending' }],
    ['Unknown before Running', { name: 'a', node: 'n1', phase: 'Running' }, { name: 'b', node: 'n2', phase: 'Unknown' }],
    ['Pending before Unknown', { name: 'a', node: 'n1', phase: 'Unknown' }, { name: 'b', node: 'n2', phase: 'Pending' }],
    ['not ready before ready', { name: 'a', node: 'n1', readySince: 10 }, { name: 'b', node: 'n2' }],
    ['lower deletion cost first', { name: 'a', node: 'n1', readySince: 10, cost: '5' }, { name: 'b', node: 'n2', readySince: 10, cost: '-1' }],
    ['ready for less time first', { name: 'a', node: 'n1', readySince: 10 }, { name: 'b', node: 'n2', readySince: 20 }],
    ['more restarts first', { name: 'a', node: 'n1', restarts: 1 }, { name: 'b', node: 'n2', restarts: 4 }],
    ['newer first', { name: 'a', node: 'n1', created: 5 }, { name: 'b', node: 'n2', created: 9 }],
    ['the node rule outranks readiness', { name: 'a', node: 'n1' }, { name: 'b', readySince: 3 }],
    ['the phase rule outranks readiness', { name: 'a', node: 'n1', phase: 'Running' }, { name: 'b', node: 'n1', phase: 'Pending', readySince: 1 }],
    ['readiness outranks restarts', { name: 'a', node: 'n1', readySince: 1, restarts: 9 }, { name: 'b', node: 'n1' }],
  ])('%s', (_rule, keep, remove) => {
    const ranked = rankPodsForDeletion([pod(keep), pod(remove)], []);
    expect(names(ranked)).toEqual(['b', 'a']);
    // The order does not depend on the input order.
    expect(names(rankPodsForDeletion([pod(remove), pod(keep)], []))).toEqual(['b', 'a']);
  });

  it('deletes first from the node crowded with related pods', () => {
    const crowded = pod({ name: 'crowded', node: 'n1', readySince: 1 });
    const alone = pod({ name: 'alone', node: 'n2', readySince: 1 });
    const sibling = pod({ name: 'sibling', node: 'n1', readySince: 1 });
    expect(names(rankPodsForDeletion([alone, crowded], [alone, crowded, sibling]))).toEqual(['crowded', 'alone']);
  });

  it('compares times on a log scale when given a clock, breaking ties by uid', () => {
    // Created 1000 s and 1001 s ago: the same power of two, so the uid decides.
    const now = T0 + 2000_000;
    const older = pod({ name: 'older', uid: 'b-uid', created: 1000, node: 'n1' });
    const newer = pod({ name: 'newer', uid: 'z-uid', created: 1001, node: 'n1' });
    expect(names(rankPodsForDeletion([newer, older], [], now))).toEqual(['older', 'newer']);
    // Without a clock the exact times decide: newer first.
    expect(names(rankPodsForDeletion([older, newer], []))).toEqual(['newer', 'older']);
  });
});

describe('podsToDelete', () => {
  it('takes the first pods of the deletion order', () => {
    const pods = [pod({ name: 'ready', node: 'n1', readySince: 1 }), pod({ name: 'pending', phase: 'Pending' }), pod({ name: 'running', node: 'n1' })];
    expect(names(podsToDelete(pods, pods, 2))).toEqual(['pending', 'running']);
    expect(names(podsToDelete(pods, pods, 3))).toHaveLength(3);
  });
});

describe('deletionCost', () => {
  it.each([
    ['100', 100],
    ['-7', -7],
    ['abc', 0],
    ['99999999999', 0],
    [undefined, 0],
  ])('%s -> %d', (text, cost) => {
    expect(deletionCost(pod(text === undefined ? { name: 'p' } : { name: 'p', cost: text }))).toBe(cost);
  });
});
