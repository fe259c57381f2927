import { describe, expect, it } from 'vitest';
import type { OwnerReference } from '../../api/types/meta.ts';
import { groupOfApiVersion, unblocked, withoutOwners } from './owner-references.ts';

const ref = (uid: string, blockOwnerDeletion?: boolean): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: uid,
  uid,
  ...(blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion }),
});

describe('owner references', () => {
  it.each([
    ['apps/v1', 'apps'],
    ['v1', ''],
    ['coordination.k8s.io/v1', 'coordination.k8s.io'],
  ])('the group of %s is %j', (apiVersion, group) => {
    expect(groupOfApiVersion(apiVersion)).toBe(group);
  });

  it.each<[string, OwnerReference[], string[], OwnerReference[]]>([
    ['drops the named owners only', [ref('a'), ref('b'), ref('c')], ['a', 'c'], [ref('b')]],
    ['an unknown uid changes nothing', [ref('a')], ['z'], [ref('a')]],
    ['may leave none', [ref('a')], ['a'], []],
  ])('withoutOwners %s', (_name, refs, uids, expected) => {
    expect(withoutOwners(refs, uids)).toEqual(expected);
  });

  it('unblocked turns blockOwnerDeletion off and leaves the rest', () => {
    expect(unblocked([ref('a', true), ref('b', false), ref('c')])).toEqual([ref('a', false), ref('b', false), ref('c')]);
  });
});
