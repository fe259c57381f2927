import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import type { ResourceRef } from '../../client/resources.ts';
import type { DeletionOutcome } from './conditions.ts';

/** finalizerEstimateSeconds: how long Kubernetes expects objects held by finalizers to take */
export const FINALIZER_ESTIMATE_SECONDS = 15;

export interface ResourceDeletion {
  /** seconds before the rest is expected to go; 0 = no wait expected */
  estimateSeconds: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: string;
}

export interface ContentDeletion extends DeletionOutcome {
  estimateSeconds: number;
  contentErrors: string[];
  remainingByResource: Map<string, number>;
  remainingByFinalizer: Map<string, number>;
}

/** `/v1, Resource=pods`: a GroupVersionResource as Go's %v prints it in Kubernetes' messages */
export function gvrString(resource: ResourceRef): string {
  return `${resource.group}/${resource.version}, Resource=${resource.plural}`;
}

/**
 * The tail of deleteAllContentForGroupVersionResource: what is left after a
 * delete pass. Leftovers are expected while an estimate runs or finalizers
 * hold them; otherwise they are an error.
 */
export function summarizeRemaining(resource: ResourceRef, namespace: string, remaining: readonly KubeObject[], estimateSeconds: number): ResourceDeletion {
  const finalizers = new Map<string, number>();
  if (remaining.length === 0) return { estimateSeconds: 0, remaining: 0, finalizers };
  for (const item of remaining) for (const finalizer of item.metadata.finalizers ?? []) finalizers.set(finalizer, (finalizers.get(finalizer) ?? 0) + 1);
  if (estimateSeconds !== 0) return { estimateSeconds, remaining: remaining.length, finalizers };
  if (finalizers.size > 0) return { estimateSeconds: FINALIZER_ESTIMATE_SECONDS, remaining: remaining.length, finalizers };
  return {
    estimateSeconds: 0,
    remaining: remaining.length,
    finalizers,
    error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(resource)}`,
  };
}

/**
 * estimateGracefulTerminationForPods: the longest grace period of the pods
 * not yet finished, and none once that long has passed since the namespace
 * was deleted.
 */
export function podTerminationEstimate(pods: readonly KubeObject[], deletedAt: Date, now: Date): number {
  let estimate = 0;
  for (const pod of pods) {
    const status = isRecord(pod['status']) ? pod['status'] : {};
    if (status['phase'] === 'Succeeded' || status['phase'] === 'Failed') continue;
    const spec = isRecord(pod['spec']) ? pod['spec'] : {};
    const grace = spec['terminationGracePeriodSeconds'];
    if (typeof grace === 'number' && grace > estimate) estimate = grace;
  }
  return now.getTime() - deletedAt.getTime() >= estimate * 1000 ? 0 : estimate;
}

/** `configmaps.`, `replicasets.apps`: the resource as the NamespaceContentRemaining message names it */
function remainingKey(resource: ResourceRef): string {
  return `${resource.plural}.${resource.group}`;
}

/**
 * deleteAllContent: every namespaced resource's objects in `namespace` deleted
 * in the background, then counted again. Errors of one resource do not stop
 * the others.
 */
export async function deleteAllContent(client: ApiClient, resources: readonly ResourceRef[], namespace: string, deletedAt: Date, now: Date): Promise<ContentDeletion> {
  const result: ContentDeletion = { estimateSeconds: 0, contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };
  for (const resource of resources) {
    if (!resource.namespaced) continue;
    let outcome: ResourceDeletion;
    try {
      outcome = await deleteResourceContent(client, resource, namespace, deletedAt, now);
    } catch (error) {
      result.contentErrors.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    if (outcome.error !== undefined) result.contentErrors.push(outcome.error);
    result.estimateSeconds = Math.max(result.estimateSeconds, outcome.estimateSeconds);
    if (outcome.remaining === 0) continue;
    result.remainingByResource.set(remainingKey(resource), outcome.remaining);
    for (const [finalizer, n] of outcome.finalizers) result.remainingByFinalizer.set(finalizer, (result.remainingByFinalizer.get(finalizer) ?? 0) + n);
  }
  return result;
}

async function deleteResourceContent(client: ApiClient, resource: ResourceRef, namespace: string, deletedAt: Date, now: Date): Promise<ResourceDeletion> {
  const items = await listOrUndefined(client, resource, namespace);
  if (items === undefined) return { estimateSeconds: 0, remaining: 0, finalizers: new Map() };
  const estimate = resource.group === '' && resource.plural === 'pods' ? podTerminationEstimate(items, deletedAt, now) : 0;
  for (const item of items) {
    try {
      // Background: the controller removes everything itself and wants no orphan finalizer added.
      await client.delete(resource, namespace, item.metadata.name ?? '', { propagationPolicy: 'Background' });
    } catch (error) {
      if (!isApiError(error, 'NotFound') && !isApiError(error, 'MethodNotAllowed')) throw error;
    }
  }
  const remaining = await listOrUndefined(client, resource, namespace);
  return summarizeRemaining(resource, namespace, remaining ?? [], estimate);
}

/** the objects of a resource in the namespace, or undefined when the server does not list that resource */
async function listOrUndefined(client: ApiClient, resource: ResourceRef, namespace: string): Promise<KubeObject[] | undefined> {
  try {
    return (await client.list(resource, namespace)).items;
  } catch (error) {
    if (isApiError(error, 'NotFound') || isApiError(error, 'MethodNotAllowed')) return undefined;
    throw error;
  }
}
