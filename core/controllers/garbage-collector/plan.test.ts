import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import { planDeletingOwner, planDependent, type ClassifiedOwner, type DependentAction, type DependentFacts, type OwnerAction } from './plan.ts';

const owners = (...states: [string, ClassifiedOwner['state']][]): ClassifiedOwner[] => states.map(([uid, state]) => ({ uid, state }));
const facts = (over: Partial<DependentFacts>): DependentFacts => ({ owners: [], finalizers: [], hasDependents: false, dependentDeletingDependents: false, ...over });

describe('planDependent', () => {
  it.each<[string, DependentFacts, DependentAction]>([
    ['no owners: nothing to collect', facts({}), { type: 'keep' }],
    ['one solid owner', facts({ owners: owners(['a', 'solid']) }), { type: 'keep' }],
    ['every owner gone: background delete', facts({ owners: owners(['a', 'dangling'], ['b', 'dangling']) }), { type: 'delete', policy: 'Background', unblockOwnerReferencesFirst: false }],
    ['a solid owner keeps it, the dangling one is dropped', facts({ owners: owners(['a', 'solid'], ['b', 'dangling']) }), { type: 'removeOwnerReferences', uids: ['b'] }],
    [
      'a solid owner keeps it; dangling and waiting owners are both dropped',
      facts({ owners: owners(['w', 'waitingForDependentsDeletion'], ['a', 'solid'], ['d', 'dangling']) }),
      { type: 'removeOwnerReferences', uids: ['d', 'w'] },
    ],
    ['its owner waits and it has no dependents: background delete', facts({ owners: owners(['w', 'waitingForDependentsDeletion']) }), { type: 'delete', policy: 'Background', unblockOwnerReferencesFirst: false }],
    [
      'its owner waits and it has dependents: foreground delete',
      facts({ owners: owners(['w', 'waitingForDependentsDeletion']), hasDependents: true }),
      { type: 'delete', policy: 'Foreground', unblockOwnerReferencesFirst: false },
    ],
    [
      'a dependent of it waits too: unblock first to break the cycle',
      facts({ owners: owners(['w', 'waitingForDependentsDeletion']), hasDependents: true, dependentDeletingDependents: true }),
      { type: 'delete', policy: 'Foreground', unblockOwnerReferencesFirst: true },
    ],
    [
      'owners gone, it has dependents but nobody waits: background',
      facts({ owners: owners(['a', 'dangling']), hasDependents: true }),
      { type: 'delete', policy: 'Background', unblockOwnerReferencesFirst: false },
    ],
    ['an orphan finalizer already on it is honoured', facts({ owners: owners(['a', 'dangling']), finalizers: ['orphan'] }), { type: 'delete', policy: 'Orphan', unblockOwnerReferencesFirst: false }],
    [
      'a foregroundDeletion finalizer already on it is honoured',
      facts({ owners: owners(['a', 'dangling']), finalizers: ['example.com/x', 'foregroundDeletion'] }),
      { type: 'delete', policy: 'Foreground', unblockOwnerReferencesFirst: false },
    ],
  ])('%s', (_name, input, action) => {
    expect(planDependent(input)).toEqual(action);
  });
});

const ref = (uid: string, blockOwnerDeletion?: boolean): OwnerReference => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  name: `owner-${uid}`,
  uid,
  ...(blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion }),
});
const obj = (name: string, meta: Partial<KubeObject['metadata']> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: `uid-${name}`, ...meta } });
const dep = (name: string, meta: Partial<KubeObject['metadata']>): { key: string; object: KubeObject } => ({ key: `configmaps|default/${name}`, object: obj(name, meta) });
const deleting = (finalizers: string[]): Partial<KubeObject['metadata']> => ({ uid: 'o', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers });

describe('planDeletingOwner', () => {
  const blocking = dep('blocking', { ownerReferences: [ref('o', true)] });
  const loose = dep('loose', { ownerReferences: [ref('o')] });
  const goingAway = dep('going', { ownerReferences: [ref('o', true)], deletionTimestamp: '2024-01-01T00:00:01Z', finalizers: ['example.com/x'] });
  const stranger = dep('stranger', { ownerReferences: [ref('other', true)] });

  it.each<[string, KubeObject, { key: string; object: KubeObject }[], OwnerAction]>([
    ['not being deleted', obj('owner', { uid: 'o', finalizers: ['orphan'] }), [loose], { type: 'none' }],
    ['being deleted without a collector finalizer', obj('owner', deleting(['example.com/x'])), [loose], { type: 'none' }],
    ['orphan: its dependents let go of it', obj('owner', deleting(['orphan'])), [blocking, loose, stranger], { type: 'orphanDependents', dependents: [blocking, loose] }],
    ['orphan with nothing pointing to it: the finalizer goes', obj('owner', deleting(['orphan'])), [stranger], { type: 'removeFinalizer', finalizer: 'orphan' }],
    ['foreground with no blocking dependents: the finalizer goes', obj('owner', deleting(['foregroundDeletion'])), [loose], { type: 'removeFinalizer', finalizer: 'foregroundDeletion' }],
    [
      'foreground: every dependent not yet going is looked at; it waits for the blocking ones',
      obj('owner', deleting(['foregroundDeletion'])),
      [blocking, loose, goingAway, stranger],
      { type: 'deleteDependents', dependents: [blocking, loose], blocking: 2 },
    ],
    [
      'foreground, only a blocking dependent on its way: wait',
      obj('owner', deleting(['foregroundDeletion'])),
      [goingAway],
      { type: 'deleteDependents', dependents: [], blocking: 1 },
    ],
    ['orphan comes before foreground', obj('owner', deleting(['foregroundDeletion', 'orphan'])), [loose], { type: 'orphanDependents', dependents: [loose] }],
  ])('%s', (_name, owner, dependents, action) => {
    expect(planDeletingOwner(owner, dependents)).toEqual(action);
  });
});
