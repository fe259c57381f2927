import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';

/** metav1.FinalizerOrphanDependents: the owner goes once its dependents no longer point to it. */
export const ORPHAN_FINALIZER = 'orphan';
/** metav1.FinalizerDeleteDependents: the owner goes once its blocking dependents are gone. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export function ownerReferencesOf(obj: KubeObject): OwnerReference[] {
  return obj.metadata.ownerReferences ?? [];
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return (obj.metadata.finalizers ?? []).includes(finalizer);
}

export function isBeingDeleted(obj: KubeObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined;
}

/** An owner deleted in the foreground: it waits for its blocking dependents (the GC graph's isDeletingDependents). */
export function isDeletingDependents(obj: KubeObject): boolean {
  return isBeingDeleted(obj) && hasFinalizer(obj, FOREGROUND_FINALIZER);
}

/** Whether `dependent` keeps `ownerUid` from going away while it is deleted in the foreground. */
export function blocksOwnerDeletion(dependent: KubeObject, ownerUid: string): boolean {
  return ownerReferencesOf(dependent).some((ref) => ref.uid === ownerUid && ref.blockOwnerDeletion === true);
}

/** `apps/v1` → `apps`, `v1` → `` */
export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The object's references without the given owners (orphaning, or dropping dangling owners). */
export function withoutOwners(refs: readonly OwnerReference[], uids: readonly string[]): OwnerReference[] {
  return refs.filter((ref) => !uids.includes(ref.uid));
}

/** The object's references none of which blocks an owner (the GC's cycle breaker before a foreground delete). */
export function unblocked(refs: readonly OwnerReference[]): OwnerReference[] {
  return refs.map((ref) => (ref.blockOwnerDeletion === true ? { ...ref, blockOwnerDeletion: false } : ref));
}
