import type { KubeObject } from '../../api/types/meta.ts';
import {
  FOREGROUND_FINALIZER,
  ORPHAN_FINALIZER,
  blocksOwnerDeletion,
  hasFinalizer,
  isBeingDeleted,
  ownerReferencesOf,
  type PropagationPolicy,
} from './owner-references.ts';

/**
 * What the garbage collector decides, as pure functions of what it observed
 * (Kubernetes' attemptToDeleteItem, processDeletingDependentsItem and the
 * orphan worker); the reconciler gathers the facts and applies the action.
 */

/** An owner reference as the API server answered for it (classifyReferences). */
export type OwnerState = 'solid' | 'dangling' | 'waitingForDependentsDeletion';

export interface ClassifiedOwner {
  uid: string;
  state: OwnerState;
}

export interface DependentFacts {
  owners: readonly ClassifiedOwner[];
  finalizers: readonly string[];
  /** the object is itself the owner of other objects */
  hasDependents: boolean;
  /** one of its own dependents is being deleted in the foreground: a possible cycle */
  dependentDeletingDependents: boolean;
}

export type DependentAction =
  | { type: 'keep' }
  | { type: 'removeOwnerReferences'; uids: string[] }
  | { type: 'delete'; policy: PropagationPolicy; unblockOwnerReferencesFirst: boolean };

export function planDependent(facts: DependentFacts): DependentAction {
  if (facts.owners.length === 0) return { type: 'keep' };
  const uidsIn = (state: OwnerState): string[] => facts.owners.filter((o) => o.state === state).map((o) => o.uid);
  const solid = uidsIn('solid');
  const dangling = uidsIn('dangling');
  const waiting = uidsIn('waitingForDependentsDeletion');
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return { type: 'keep' };
    // A reference to an owner that waits must go too, or that owner would wait for this object forever.
    return { type: 'removeOwnerReferences', uids: [...dangling, ...waiting] };
  }
  if (waiting.length > 0 && facts.hasDependents) {
    // Its own dependents go first, so the owner waiting for it waits for them too.
    return { type: 'delete', policy: 'Foreground', unblockOwnerReferencesFirst: facts.dependentDeletingDependents };
  }
  // No owner left: delete it, honouring a finalizer a client already put on it.
  const policy: PropagationPolicy = facts.finalizers.includes(ORPHAN_FINALIZER)
    ? 'Orphan'
    : facts.finalizers.includes(FOREGROUND_FINALIZER)
      ? 'Foreground'
      : 'Background';
  return { type: 'delete', policy, unblockOwnerReferencesFirst: false };
}

export interface Dependent {
  /** the garbage collector's queue key of the dependent */
  key: string;
  object: KubeObject;
}

export type OwnerAction<D extends Dependent = Dependent> =
  | { type: 'none' }
  /** take the owner out of these dependents' ownerReferences, then remove the orphan finalizer */
  | { type: 'orphanDependents'; dependents: D[] }
  | { type: 'removeFinalizer'; finalizer: string }
  /** look at these dependents (they get deleted); the owner waits for its blocking ones */
  | { type: 'deleteDependents'; dependents: D[]; blocking: number };

/** An owner being deleted with the orphan or foregroundDeletion finalizer, and its dependents as the graph knows them. */
export function planDeletingOwner<D extends Dependent>(owner: KubeObject, dependents: readonly D[]): OwnerAction<D> {
  if (!isBeingDeleted(owner)) return { type: 'none' };
  const uid = owner.metadata.uid ?? '';
  const pointing = dependents.filter((d) => ownerReferencesOf(d.object).some((ref) => ref.uid === uid));
  if (hasFinalizer(owner, ORPHAN_FINALIZER)) {
    return pointing.length > 0 ? { type: 'orphanDependents', dependents: pointing } : { type: 'removeFinalizer', finalizer: ORPHAN_FINALIZER };
  }
  if (hasFinalizer(owner, FOREGROUND_FINALIZER)) {
    const blocking = pointing.filter((d) => blocksOwnerDeletion(d.object, uid)).length;
    if (blocking === 0) return { type: 'removeFinalizer', finalizer: FOREGROUND_FINALIZER };
    // Dependents already being deleted are on their way; the others still need a delete.
    return { type: 'deleteDependents', dependents: pointing.filter((d) => !isBeingDeleted(d.object)), blocking };
  }
  return { type: 'none' };
}
