import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import { nodeNameOf } from './node-fields.ts';

/**
 * A pod status with the Ready condition False (MarkPodsNotReady): only its
 * status and lastTransitionTime change, reason and message stay. Undefined
 * when there is nothing to write: no Ready condition, or already False.
 */
export function notReadyPodStatus(pod: KubeObject, now: string): Record<string, unknown> | undefined {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const index = conditions.findIndex((c) => isRecord(c) && c['type'] === 'Ready');
  const ready: unknown = conditions[index];
  if (!isRecord(ready) || ready['status'] === 'False') return undefined;
  const next = [...conditions];
  next[index] = { ...ready, status: 'False', lastTransitionTime: now };
  return { ...status, conditions: next };
}

/**
 * Marks the pods bound to `nodeName` not ready through pods/status, so
 * Services stop sending them traffic, with a NodeNotReady Event on each.
 * Every pod is tried; the first failure is thrown afterwards.
 */
export async function markPodsNotReady(
  deps: { client: ApiClient; events: EventRecorder; logger: Logger },
  pods: readonly KubeObject[],
  nodeName: string,
  now: string,
): Promise<void> {
  let failure: unknown;
  for (const pod of pods) {
    if (nodeNameOf(pod) !== nodeName) continue;
    const status = notReadyPodStatus(pod, now);
    if (status === undefined) continue;
    try {
      await deps.client.update(Resources.pods, { ...pod, status }, { subresource: 'status' });
      deps.events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    } catch (error) {
      // Already gone: nothing left to mark.
      if (isApiError(error, 'NotFound')) continue;
      deps.logger.debug({ err: error, pod: pod.metadata.name, node: nodeName }, 'failed to mark pod not ready');
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}
