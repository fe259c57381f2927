import { conflict } from '../../api/errors.ts';
import { podDeletionGracePeriod } from '../../api/kinds/pod/graceful-delete.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { DELETE_NOW, type BeforeDelete, type DeleteStep } from '../../store/delete-step.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import type { DeletePreconditions } from '../../store/object-store.ts';

/** A kind's CheckGracefulDelete: the grace period a delete with `requested` (if any) gives this object. */
export type GracePeriodOf = (obj: KubeObject, requested: number | undefined) => number;

/** The kinds whose registry has a RESTGracefulDeleteStrategy; every other kind is deleted at once. */
function gracefulStrategyOf(type: ResourceType): GracePeriodOf | undefined {
  return type.group === '' && type.kind === 'Pod' ? podDeletionGracePeriod : undefined;
}

const PENDING: DeleteStep = { kind: 'pending' };

/**
 * kube-apiserver's rest.BeforeDelete for one delete request: preconditions
 * first (with its messages), then, for a kind that deletes gracefully, when
 * the object is to go.
 */
export function beforeDelete(type: ResourceType, requestedGrace: number | undefined, now: () => Date): BeforeDelete {
  const graceful = gracefulStrategyOf(type);
  // Negative values are treated as 1 s on the delete path.
  const requested = requestedGrace !== undefined && requestedGrace < 0 ? 1 : requestedGrace;
  return (current, preconditions) => {
    checkPreconditions(type, current, preconditions);
    return graceful === undefined ? DELETE_NOW : gracefulDeleteStep(current, requested, graceful, now());
  };
}

/**
 * The graceful half of BeforeDelete. A first delete sets deletionTimestamp to
 * now + the grace period. Once set, a delete may only shorten it (the
 * timestamp moves earlier by the difference); one that does not shorten it
 * changes nothing. An object whose grace period is already 0 is deleted.
 */
export function gracefulDeleteStep(current: KubeObject, requested: number | undefined, graceful: GracePeriodOf, now: Date): DeleteStep {
  const { deletionTimestamp } = current.metadata;
  if (deletionTimestamp === undefined || deletionTimestamp === null) {
    const period = graceful(current, requested);
    return { kind: 'graceful', deletionTimestamp: rfc3339(new Date(now.getTime() + period * 1000)), gracePeriodSeconds: period };
  }
  const stored = current.metadata.deletionGracePeriodSeconds;
  const pending = stored !== undefined && stored !== null && stored < 0 ? 1 : stored;
  if (pending === undefined || pending === null || pending === 0) return DELETE_NOW;
  if (requested === undefined || requested >= pending) return PENDING;
  const markedAt = Date.parse(deletionTimestamp);
  const at = Number.isNaN(markedAt) ? now.getTime() : markedAt - (pending - requested) * 1000;
  return { kind: 'graceful', deletionTimestamp: rfc3339(new Date(at)), gracePeriodSeconds: requested };
}

/** BeforeDelete fails early on a precondition the stored object does not meet, with these messages. */
function checkPreconditions(type: ResourceType, current: KubeObject, preconditions: DeletePreconditions | undefined): void {
  if (preconditions === undefined) return;
  const name = current.metadata.name ?? '';
  const { uid, resourceVersion } = current.metadata;
  if (preconditions.uid !== undefined && preconditions.uid !== uid) {
    throw conflict(
      type.kind,
      type.group,
      name,
      `the UID in the precondition (${preconditions.uid}) does not match the UID in record (${uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== resourceVersion) {
    throw conflict(
      type.kind,
      type.group,
      name,
      `the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${resourceVersion ?? ''}). The object might have been modified`,
    );
  }
}
