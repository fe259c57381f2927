import type { KeyValue, StoreBackend } from '../contracts/store-backend.ts';
import type { KubeObject } from '../api/types/meta.ts';
import type { DeletePreconditions } from './object-store.ts';
import type { ParsedVersions } from './parsed-versions.ts';
import { withMembers } from '../api/types/with-members.ts';

/**
 * What a kind's delete strategy makes of one delete of the stored object
 * (kube-apiserver's rest.BeforeDelete), asked again on every attempt:
 * - `delete`: now; an object with finalizers is only marked (grace 0);
 * - `pending`: a graceful deletion is under way and this request does not
 *   shorten it: nothing changes;
 * - `graceful`: set (or shorten) deletionTimestamp and
 *   deletionGracePeriodSeconds. The object stays while the period is above 0
 *   or finalizers hold it; at 0 the mark is written and then the object goes,
 *   as kube-apiserver's updateForGracefulDeletionAndFinalizers does (watchers
 *   see the mark, then the deletion).
 */
export type DeleteStep = { kind: 'delete' } | { kind: 'pending' } | GracefulStep;

export interface GracefulStep {
  kind: 'graceful';
  deletionTimestamp: string;
  gracePeriodSeconds: number;
}

/** May throw (e.g. a Conflict for a failed precondition); `preconditions` are the ones in force for this attempt. */
export type BeforeDelete = (current: KubeObject, preconditions: DeletePreconditions | undefined) => DeleteStep;

export const DELETE_NOW: DeleteStep = { kind: 'delete' };

export type GracefulOutcome =
  | { result: 'kept' | 'deleted'; object: KubeObject }
  /** the stored object changed between the reads and the writes: the caller reads again */
  | { result: 'raced'; marked: KubeObject | undefined };

/**
 * Applies a graceful step to the object stored as `kv` (`current`, its
 * parsed version, read-only): the mark is written (and handed to `parsed`)
 * and, when nothing keeps the object (`stays` false), it is deleted right
 * after. Generation is left alone: the kind's strategy would bump it, and
 * Kubernetes 1.32's pods carry none.
 */
export async function applyGracefulStep(
  backend: StoreBackend,
  kv: Pick<KeyValue, 'key' | 'modRevision'>,
  current: KubeObject,
  step: GracefulStep,
  options: { stays: boolean; dryRun: boolean; parsed?: ParsedVersions },
): Promise<GracefulOutcome> {
  // Only metadata changes: the mark shares the rest with `current`, read-only as it is (a deep clone costs more than the write).
  const metadata = withMembers(current.metadata, { deletionTimestamp: step.deletionTimestamp, deletionGracePeriodSeconds: step.gracePeriodSeconds });
  const marked: KubeObject = withMembers(current, { metadata });
  const result = options.stays ? 'kept' : 'deleted';
  if (options.dryRun) return { result, object: marked };
  // The mark's metadata is its own: the version is left out of the text, and put in once known.
  metadata.resourceVersion = undefined;
  const text = JSON.stringify(marked);
  const written = await backend.update(kv.key, text, kv.modRevision);
  if (!written.ok) return { result: 'raced', marked: undefined };
  marked.metadata.resourceVersion = String(written.revision);
  options.parsed?.rememberWritten(kv.key, written.revision, marked, text);
  if (options.stays) return { result, object: marked };
  const removed = await backend.delete(kv.key, written.revision);
  return removed.ok ? { result, object: marked } : { result: 'raced', marked };
}
