import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { rfc3339 } from './node-fields.ts';

/** tries of a deletion (taint eviction's `retries`), 10 ms apart */
const RETRIES = 5;
const RETRY_SLEEP_MS = 10;

const DISRUPTION_TARGET = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByTaintManager',
  message: 'Taint manager: deleting due to NoExecute taint',
} as const;

/**
 * The pod status with the DisruptionTarget condition the taint manager sets
 * before it deletes (UpdatePodCondition), or undefined when it is there already.
 */
export function withDisruptionTarget(pod: KubeObject, now: number): Record<string, unknown> | undefined {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const index = conditions.findIndex((c) => isRecord(c) && c['type'] === DISRUPTION_TARGET.type);
  const old: unknown = conditions[index];
  if (isRecord(old) && old['status'] === DISRUPTION_TARGET.status && old['reason'] === DISRUPTION_TARGET.reason && old['message'] === DISRUPTION_TARGET.message) return undefined;
  const transition = isRecord(old) && old['status'] === DISRUPTION_TARGET.status && typeof old['lastTransitionTime'] === 'string' ? old['lastTransitionTime'] : rfc3339(now);
  const condition = { ...DISRUPTION_TARGET, lastTransitionTime: transition };
  const next = index >= 0 ? conditions.map((c, i) => (i === index ? condition : c)) : [...conditions, condition];
  return { ...status, conditions: next };
}

async function markAndDelete(client: ApiClient, namespace: string, name: string, now: number): Promise<void> {
  const pod = await client.get(Resources.pods, namespace, name);
  const status = withDisruptionTarget(pod, now);
  if (status !== undefined) await client.update(Resources.pods, { ...pod, status }, { subresource: 'status' });
  await client.delete(Resources.pods, namespace, name);
}

/**
 * addConditionAndDeletePod, tried a few times: a normal delete, so a pod
 * whose node is unreachable stays Terminating until its node confirms. A pod
 * already gone counts as deleted.
 */
export async function evictPod(client: ApiClient, namespace: string, name: string, now: () => number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await markAndDelete(client, namespace, name, now());
      return;
    } catch (error) {
      if (isApiError(error, 'NotFound')) return;
      if (attempt >= RETRIES) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_SLEEP_MS));
  }
}
