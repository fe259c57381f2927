import { isApiError } from '../../api/errors.ts';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import type { ResourceRef } from '../../client/resources.ts';
import { controllerRefOf } from './pod-state.ts';

/**
 * ControllerRefManager (pkg/controller/controller_ref_manager.go): a
 * controller claims the objects it should manage. It keeps what it owns and
 * still selects, adopts orphans it selects (sets itself as controller), and
 * releases what it owns but no longer selects (removes its reference). Objects
 * controlled by someone else are left alone, and a controller being deleted
 * neither adopts nor releases.
 */

export interface ClaimOwner {
  uid: string;
  deleting: boolean;
}

export interface ClaimPlan<T extends KubeObject> {
  /** owned and selected: managed as they are */
  owned: T[];
  /** orphans to adopt; managed once the adoption succeeds */
  adopt: T[];
  /** owned but no longer selected: to release */
  release: T[];
}

/** The pure half of ClaimObject: sorts candidates into keep, adopt and release. */
export function planClaims<T extends KubeObject>(owner: ClaimOwner, candidates: readonly T[], selects: (obj: T) => boolean): ClaimPlan<T> {
  const plan: ClaimPlan<T> = { owned: [], adopt: [], release: [] };
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    const matches = selects(obj);
    if (ref !== undefined) {
      if (ref.uid !== owner.uid) continue;
      if (matches) plan.owned.push(obj);
      else if (!owner.deleting) plan.release.push(obj);
      continue;
    }
    if (owner.deleting || !matches || obj.metadata.deletionTimestamp !== undefined) continue;
    plan.adopt.push(obj);
  }
  return plan;
}

/** metav1.NewControllerRef */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** The strategic merge patch that adopts: our controller reference, with the object's uid as precondition. */
export function adoptionPatch(controllerRef: OwnerReference, objUid: string): unknown {
  return { metadata: { ownerReferences: [controllerRef], uid: objUid } };
}

/** The strategic merge patch that releases: deletes our reference by its merge key, uid. */
export function releasePatch(ownerUid: string, objUid: string): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: objUid } };
}

export interface ClaimContext {
  client: ApiClient;
  resource: ResourceRef;
  controllerRef: OwnerReference;
  /**
   * Rechecks, with a live read, that the owner is not being deleted before
   * the first adoption (RecheckDeletionTimestamp): the cache may be behind.
   */
  canAdopt(): Promise<void>;
}

/**
 * Applies a claim plan and returns what the controller manages: the owned
 * objects plus those adopted. Objects gone meanwhile are skipped; other
 * failures are thrown after trying every object, as Kubernetes aggregates them.
 */
export async function applyClaims<T extends KubeObject>(ctx: ClaimContext, plan: ClaimPlan<T>): Promise<T[]> {
  const claimed = [...plan.owned];
  const errors: unknown[] = [];
  let adoptable: Promise<void> | undefined;
  for (const obj of plan.adopt) {
    try {
      adoptable ??= ctx.canAdopt();
      await adoptable;
      await ctx.client.patch(ctx.resource, obj.metadata.namespace, obj.metadata.name ?? '', 'strategic', adoptionPatch(ctx.controllerRef, obj.metadata.uid ?? ''));
      claimed.push(obj);
    } catch (error) {
      if (!isApiError(error, 'NotFound')) errors.push(error);
    }
  }
  for (const obj of plan.release) {
    try {
      await ctx.client.patch(ctx.resource, obj.metadata.namespace, obj.metadata.name ?? '', 'strategic', releasePatch(ctx.controllerRef.uid, obj.metadata.uid ?? ''));
    } catch (error) {
      if (!isApiError(error, 'NotFound') && !isApiError(error, 'Invalid')) errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => (e instanceof Error ? e.message : String(e))).join(', '));
  return claimed;
}

/** The canAdopt of a controller: a live read of the owner, failing when it is gone, replaced or being deleted. */
export function recheckOwner(client: ApiClient, resource: ResourceRef, owner: KubeObject): () => Promise<void> {
  return async () => {
    const fresh = await client.get(resource, owner.metadata.namespace, owner.metadata.name ?? '');
    const name = `${owner.metadata.namespace ?? ''}/${owner.metadata.name ?? ''}`;
    if (fresh.metadata.uid !== owner.metadata.uid) {
      throw new Error(`original ${resource.kind} ${name} is gone: got uid ${fresh.metadata.uid ?? ''}, wanted ${owner.metadata.uid ?? ''}`);
    }
    if (fresh.metadata.deletionTimestamp !== undefined) {
      throw new Error(`${resource.kind} ${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
  };
}
