import { conflict } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import type { WriteContext } from '../admission/write-context.ts';
import type { Query } from '../query.ts';
import type { ApiContext } from './context.ts';
import { deleteObject, deleteOptions } from './delete.ts';

/** An Eviction's deleteOptions as sent: gracePeriodSeconds, preconditions, propagationPolicy, dryRun. */
export type RawDeleteOptions = Record<string, unknown>;

const DISRUPTION_TARGET = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' } as const;

/**
 * addConditionAndDeletePod: mark the pod DisruptionTarget=True (reason
 * EvictionByEvictionAPI) so its owner and kubelet can tell an eviction from a
 * plain delete, then delete it with the Eviction's options. The mark is
 * written against the latest pod, after the same preconditions the delete
 * will check; a resourceVersion precondition then moves to the marked version.
 */
export async function deletePodForEviction(
  api: ApiContext,
  podType: ResourceType,
  namespace: string | undefined,
  name: string,
  options: RawDeleteOptions,
  ctx: WriteContext,
): Promise<void> {
  let effective = options;
  const dryRun = Array.isArray(options['dryRun']) && options['dryRun'].includes('All');
  if (!dryRun) {
    const pre = isRecord(options['preconditions']) ? options['preconditions'] : {};
    const marked = await api.store.guaranteedUpdate(podType, namespace, name, (latest) => {
      checkPreconditions(latest, pre);
      const status = withDisruptionTarget(latest, ctx.now);
      return status === undefined ? latest : api.pipeline.prepareUpdate(podType, { ...latest, status }, latest, { ...ctx, warnings: [] }, 'status');
    });
    if (typeof pre['resourceVersion'] === 'string') effective = { ...options, preconditions: { ...pre, resourceVersion: marked.metadata.resourceVersion } };
  }
  const query: Query = dryRun ? { dryRun: 'All' } : {};
  await deleteObject(api, podType, namespace, name, deleteOptions(effective, query));
}

/** The conflicts kube-apiserver raises, on resource "Pod", when the pod is not the one the preconditions name. */
function checkPreconditions(pod: KubeObject, pre: Record<string, unknown>): void {
  const uid = pre['uid'];
  if (typeof uid === 'string' && uid !== '' && uid !== pod.metadata.uid) {
    throw conflict(
      'Pod',
      '',
      pod.metadata.name ?? '',
      `the UID in the precondition (${uid}) does not match the UID in record (${pod.metadata.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  const version = pre['resourceVersion'];
  if (typeof version === 'string' && version !== '' && version !== pod.metadata.resourceVersion) {
    throw conflict(
      'Pod',
      '',
      pod.metadata.name ?? '',
      `the ResourceVersion in the precondition (${version}) does not match the ResourceVersion in record (${pod.metadata.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
}

/**
 * apipod.UpdatePodCondition with the eviction's DisruptionTarget: the status
 * with it, or undefined when the pod already carries exactly that condition.
 */
export function withDisruptionTarget(pod: KubeObject, now: Date): Record<string, unknown> | undefined {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const conditions: unknown[] = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const index = conditions.findIndex((c) => isRecord(c) && c['type'] === DISRUPTION_TARGET.type);
  const old = conditions[index];
  const sameStatus = isRecord(old) && old['status'] === DISRUPTION_TARGET.status;
  if (sameStatus && old['reason'] === DISRUPTION_TARGET.reason && old['message'] === DISRUPTION_TARGET.message) return undefined;
  const lastTransitionTime = sameStatus && typeof old['lastTransitionTime'] === 'string' ? old['lastTransitionTime'] : rfc3339(now);
  const condition = {
    type: DISRUPTION_TARGET.type,
    status: DISRUPTION_TARGET.status,
    lastProbeTime: null,
    lastTransitionTime,
    reason: DISRUPTION_TARGET.reason,
    message: DISRUPTION_TARGET.message,
  };
  const next = index >= 0 ? conditions.map((c, i) => (i === index ? condition : c)) : [...conditions, condition];
  return { ...status, conditions: next };
}
