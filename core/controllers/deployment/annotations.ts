import type { KubeObject } from '../../api/types/meta.ts';
import { deploymentReplicas, type Deployment } from './objects.ts';
import { maxSurge } from './surge.ts';

/** The annotations through which a Deployment and its ReplicaSets record revisions and sizes (deploymentutil). */
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** extensions/v1beta1's spec.rollbackTo, round-tripped through apps/v1 as an annotation */
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Limit of the revision-history annotation (maxRevHistoryLengthInChars). */
export const MAX_REVISION_HISTORY_CHARS = 2000;

/** Annotations a Deployment never hands to its ReplicaSets, nor takes back on a rollback. */
const SKIPPED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);

export function skipsCopy(key: string): boolean {
  return SKIPPED.has(key);
}

/** deploymentutil.Revision: the revision number, 0 when absent, undefined when not a number. */
export function revisionOf(obj: KubeObject): number | undefined {
  const text = obj.metadata.annotations?.[REVISION];
  if (text === undefined) return 0;
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** MaxRevision: the highest revision of the ReplicaSets, skipping unreadable ones. */
export function maxRevision(replicaSets: readonly KubeObject[]): number {
  let max = 0;
  for (const rs of replicaSets) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

/** LastRevision: the second highest revision, the one `rollout undo` returns to. */
export function lastRevision(replicaSets: readonly KubeObject[]): number {
  let max = 0;
  let second = 0;
  for (const rs of replicaSets) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

function intAnnotation(obj: KubeObject, key: string): number | undefined {
  const text = obj.metadata.annotations?.[key];
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

export const desiredReplicasAnnotation = (rs: KubeObject): number | undefined => intAnnotation(rs, DESIRED_REPLICAS);
export const maxReplicasAnnotation = (rs: KubeObject): number | undefined => intAnnotation(rs, MAX_REPLICAS);

/** The desired and max-replicas annotations a ReplicaSet of this Deployment should carry now. */
export function replicasAnnotations(d: Deployment): { desired: string; max: string } {
  const replicas = deploymentReplicas(d);
  return { desired: String(replicas), max: String(replicas + maxSurge(d)) };
}

export function replicasAnnotationsNeedUpdate(rs: KubeObject, d: Deployment): boolean {
  const { desired, max } = replicasAnnotations(d);
  return rs.metadata.annotations?.[DESIRED_REPLICAS] !== desired || rs.metadata.annotations?.[MAX_REPLICAS] !== max;
}

/** SetReplicasAnnotations, in place; true when something changed. */
export function setReplicasAnnotations(rs: KubeObject, d: Deployment): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, d)) return false;
  const { desired, max } = replicasAnnotations(d);
  rs.metadata.annotations = { ...rs.metadata.annotations, [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max };
  return true;
}

/**
 * SetNewReplicaSetAnnotations, in place on a copy of the new ReplicaSet: the
 * Deployment's own annotations (change-cause among them), a revision raised to
 * `newRevision` when lower, and when an existing revision is raised (a
 * rollback to this ReplicaSet) the old number appended to the revision
 * history. A ReplicaSet about to be created also gets its size annotations.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: KubeObject, newRevision: number, exists: boolean): boolean {
  const annotations = { ...rs.metadata.annotations };
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipsCopy(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldText = annotations[REVISION];
  const oldRevision = oldText === undefined || oldText === '' ? 0 : /^[+-]?\d+$/.test(oldText) ? Number(oldText) : undefined;
  if (oldRevision === undefined) return false;
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (oldText !== undefined) {
      const history = annotations[REVISION_HISTORY] ?? '';
      annotations[REVISION_HISTORY] = appendRevisionHistory(history, oldText);
    }
  }
  rs.metadata.annotations = annotations;
  if (!exists && setReplicasAnnotations(rs, d)) changed = true;
  return changed;
}

/** Appends `revision` to a comma-separated history, dropping the oldest entries past the length limit. */
export function appendRevisionHistory(history: string, revision: string, limit = MAX_REVISION_HISTORY_CHARS): string {
  if (history === '') return revision;
  const entries = history.split(',');
  let totalLen = history.length + revision.length + 1;
  let start = 0;
  while (totalLen > limit && start < entries.length) {
    totalLen -= (entries[start]?.length ?? 0) + 1;
    start++;
  }
  // Kubernetes leaves the history as it was if even an emptied list cannot take the new entry.
  return totalLen <= limit ? [...entries.slice(start), revision].join(',') : history;
}

/** SetDeploymentAnnotationsTo: a rollback takes the ReplicaSet's annotations, keeping the Deployment's skipped ones. */
export function deploymentAnnotationsFrom(d: Deployment, rs: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) if (skipsCopy(key)) out[key] = value;
  for (const [key, value] of Object.entries(rs.metadata.annotations ?? {})) if (!skipsCopy(key)) out[key] = value;
  return out;
}
