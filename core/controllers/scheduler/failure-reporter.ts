import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { DONE, splitKey, type Reconciler, type Result } from '../framework/result.ts';
import { assignedNodeOf } from './cache/pod-info.ts';
import { truncateMessage } from './fit-error.ts';

export interface SchedulingFailure {
  uid: string;
  /** `Unschedulable` when no node fits, `SchedulerError` when scheduling itself failed */
  reason: 'Unschedulable' | 'SchedulerError';
  message: string;
}

/**
 * Tells users why a pod waits, as kube-scheduler's handleSchedulingFailure:
 * a `FailedScheduling` Warning Event (repeats aggregate into a count) and the
 * PodScheduled=False condition with the same message, as `kubectl describe
 * pod` shows them. It runs on the controller's work queue, off the
 * scheduling loop, so writes are retried with backoff and a pod failing many
 * times in a row is reported once per round, with its latest message.
 */
export class FailureReporter implements Reconciler {
  readonly name = 'scheduler-failure-reporter';
  private readonly pending = new Map<string, SchedulingFailure>();

  constructor(
    private readonly client: ApiClient,
    private readonly pods: IndexedCache,
    private readonly events: EventRecorder,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** records the failure; the caller enqueues the pod's key */
  note(key: string, failure: SchedulingFailure): void {
    this.pending.set(key, failure);
  }

  async reconcile(key: string): Promise<Result> {
    const failure = this.pending.get(key);
    if (failure === undefined) return DONE;
    const pod = this.pods.get(key);
    // Gone, replaced, or placed since: nothing to explain any more.
    if (pod === undefined || pod.metadata.uid !== failure.uid || assignedNodeOf(pod) !== '' || pod.metadata.deletionTimestamp !== undefined) {
      this.forget(key, failure);
      return DONE;
    }
    this.events.record(pod, 'Warning', 'FailedScheduling', truncateMessage(failure.message));
    const condition = podScheduledCondition(pod);
    if (condition?.['status'] !== 'False' || condition['reason'] !== failure.reason || condition['message'] !== failure.message) {
      const { namespace, name } = splitKey(key);
      const lastTransitionTime = condition?.['status'] === 'False' && typeof condition['lastTransitionTime'] === 'string' ? condition['lastTransitionTime'] : rfc3339(this.now());
      try {
        await this.client.patch(
          Resources.pods,
          namespace,
          name,
          'strategic',
          { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: failure.reason, message: failure.message, lastTransitionTime }] } },
          { subresource: 'status', fieldManager: 'default-scheduler' },
        );
      } catch (error) {
        if (!isApiError(error, 'NotFound')) throw error;
      }
    }
    this.forget(key, failure);
    return DONE;
  }

  /** drops the failure unless a newer one arrived meanwhile */
  private forget(key: string, failure: SchedulingFailure): void {
    if (this.pending.get(key) === failure) this.pending.delete(key);
  }
}

function podScheduledCondition(pod: KubeObject): Record<string, unknown> | undefined {
  const status = pod['status'];
  const conditions = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.find((c): c is Record<string, unknown> => isRecord(c) && c['type'] === 'PodScheduled');
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
