import { isApiError } from '../../../api/errors.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { NodeClaimStatus } from '../../../api/kinds/nodepool/types.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { TERMINATION_FINALIZER } from './names.ts';
import { Resources } from '../../../client/resources.ts';

/**
 * Writes to a NodeClaim. Each starts from the object the caller read and
 * carries its resourceVersion: a conflict means someone else wrote first,
 * and the reconcile is retried on a fresh copy.
 */

export function hasFinalizer(claim: KubeObject): boolean {
  return claim.metadata.finalizers?.includes(TERMINATION_FINALIZER) ?? false;
}

export function addFinalizer(client: ApiClient, claim: KubeObject): Promise<KubeObject> {
  const finalizers = [...(claim.metadata.finalizers ?? []), TERMINATION_FINALIZER];
  return client.update(Resources.nodeClaims, { ...claim, metadata: { ...claim.metadata, finalizers } });
}

/**
 * Lets the claim go; a claim already gone has nothing to let go of. A merge
 * patch, so the (immutable) spec is never sent back; the resourceVersion
 * makes it fail on a claim changed since it was read.
 */
export async function removeFinalizer(client: ApiClient, claim: KubeObject): Promise<void> {
  const finalizers = (claim.metadata.finalizers ?? []).filter((f) => f !== TERMINATION_FINALIZER);
  try {
    await client.patch(Resources.nodeClaims, undefined, claim.metadata.name ?? '', 'merge', { metadata: { finalizers, resourceVersion: claim.metadata.resourceVersion } });
  } catch (error) {
    if (!isApiError(error, 'NotFound')) throw error;
  }
}

/** Sets the given status fields (conditions as a whole list) of the claim as it was read. */
export function writeClaimStatus(client: ApiClient, claim: KubeObject, status: Partial<NodeClaimStatus>): Promise<KubeObject> {
  return client.patch(Resources.nodeClaims, undefined, claim.metadata.name ?? '', 'merge', { metadata: { resourceVersion: claim.metadata.resourceVersion }, status }, { subresource: 'status' });
}

/** Adds labels the claim lacks; returns the claim as written, or as it was when nothing was missing. */
export async function addClaimLabels(client: ApiClient, claim: KubeObject, labels: Record<string, string>): Promise<KubeObject> {
  const current = claim.metadata.labels ?? {};
  if (Object.entries(labels).every(([k, v]) => current[k] === v)) return claim;
  return client.patch(Resources.nodeClaims, undefined, claim.metadata.name ?? '', 'merge', { metadata: { labels } });
}

/** Deletes the claim (its finalizer then removes the machine); one already gone or replaced is left alone. */
export async function deleteClaim(client: ApiClient, claim: KubeObject): Promise<void> {
  try {
    await client.delete(Resources.nodeClaims, undefined, claim.metadata.name ?? '', claim.metadata.uid === undefined ? {} : { preconditions: { uid: claim.metadata.uid } });
  } catch (error) {
    if (!isApiError(error, 'NotFound') && !isApiError(error, 'Conflict')) throw error;
  }
}
