import { describe, expect, it } from 'vitest';
import { failingConditions, updateConditions, type DeletionOutcome, type NamespaceCondition } from './conditions.ts';

const clean: DeletionOutcome = { contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };
const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:00:10Z';

describe('failingConditions', () => {
  it.each<[string, DeletionOutcome, [string, string, string][]]>([
    ['nothing wrong', clean, []],
    ['discovery failed', { ...clean, discoveryError: 'the server is on fire' }, [['NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', 'the server is on fire']]],
    [
      'content errors, sorted',
      { ...clean, contentErrors: ['z failed', 'a failed'] },
      [['NamespaceDeletionContentFailure', 'ContentDeletionFailed', 'Failed to delete all resource types, 2 remaining: a failed, z failed']],
    ],
    [
      'content and finalizers remaining, sorted, zero counts left out',
      {
        ...clean,
        remainingByResource: new Map([
          ['replicasets.apps', 1],
          ['configmaps.', 2],
          ['pods.', 0],
        ]),
        remainingByFinalizer: new Map([['example.com/hold', 3]]),
      },
      [
        ['NamespaceContentRemaining', 'SomeResourcesRemain', 'Some resources are remaining: configmaps. has 2 resource instances, replicasets.apps has 1 resource instances'],
        ['NamespaceFinalizersRemaining', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: example.com/hold in 3 resource instances'],
      ],
    ],
  ])('%s', (_name, outcome, expected) => {
    expect([...failingConditions(outcome)].map(([type, c]) => [type, c.reason, c.message])).toEqual(expected);
  });
});

describe('updateConditions', () => {
  const allOk: NamespaceCondition[] = [
    { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: T0, reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
    { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: T0, reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
    { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: T0, reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
    { type: 'NamespaceContentRemaining', status: 'False', lastTransitionTime: T0, reason: 'ContentRemoved', message: 'All content successfully removed' },
    { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: T0, reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
  ];

  it('adds every condition the first time, in Kubernetes order', () => {
    expect(updateConditions(undefined, clean, T0)).toEqual({ conditions: allOk, changed: true });
  });

  it('changes nothing when nothing changed', () => {
    expect(updateConditions(allOk, clean, T1)).toEqual({ conditions: allOk, changed: false });
  });

  it('flips a condition with a new transition time and keeps unrelated conditions', () => {
    const other = { type: 'Custom', status: 'True' };
    const outcome = { ...clean, remainingByResource: new Map([['configmaps.', 1]]) };
    const { conditions, changed } = updateConditions([other, ...allOk], outcome, T1);
    expect(changed).toBe(true);
    expect(conditions[0]).toEqual(other);
    expect(conditions.find((c) => c.type === 'NamespaceContentRemaining')).toEqual({
      type: 'NamespaceContentRemaining',
      status: 'True',
      lastTransitionTime: T1,
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: configmaps. has 1 resource instances',
    });
    expect(conditions.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')?.lastTransitionTime).toBe(T0);
  });

  it('a new message with the same status keeps the transition time', () => {
    const before = updateConditions(allOk, { ...clean, remainingByResource: new Map([['configmaps.', 2]]) }, T0).conditions;
    const after = updateConditions(before, { ...clean, remainingByResource: new Map([['configmaps.', 1]]) }, T1);
    expect(after.changed).toBe(true);
    expect(after.conditions.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ lastTransitionTime: T0, message: 'Some resources are remaining: configmaps. has 1 resource instances' });
  });
});
