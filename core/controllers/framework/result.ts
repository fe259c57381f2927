/**
 * What a reconcile asks of the framework next, as controller-runtime's Result:
 * nothing (done until the next change), or a requeue after a delay.
 * A thrown error means retry with backoff; a TerminalError means stop
 * retrying and record why.
 */
export interface Result {
  requeueAfterMs?: number;
  /**
   * The least time before this key is reconciled again, however soon it
   * changes: its changes of that time gather into one reconcile. For a
   * reconcile whose cost grows with what it looks at.
   */
  restMs?: number;
}

export const DONE: Result = {};

/**
 * The rest (Result.restMs) after a reconcile that walked `pods` pods, as the
 * ReplicaSet and Deployment reconcilers do several times over: 20 ms per
 * 1,000, so a 10,000-replica rollout's pod changes gather for 200 ms instead
 * of each starting another walk (those walks took over half the control
 * plane's CPU), while a 100-pod ReplicaSet rests 2 ms.
 */
export function restAfterWalking(pods: number): number {
  return pods * 0.02;
}

export class TerminalError extends Error {
  constructor(
    message: string,
    /** the Event reason to record, e.g. `FailedCreate` */
    readonly reason = 'ReconcileFailed',
  ) {
    super(message);
    this.name = 'TerminalError';
  }
}

/** The one method a controller implements: bring the object named by `key` to its desired state. */
export interface Reconciler {
  readonly name: string;
  reconcile(key: string): Promise<Result>;
}

/** `namespace/name`, or `name` for cluster-scoped objects: the key every queue and cache uses. */
export function objectKeyOf(meta: { namespace?: string | undefined; name?: string | undefined }): string {
  return meta.namespace === undefined || meta.namespace === '' ? (meta.name ?? '') : `${meta.namespace}/${meta.name ?? ''}`;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash === -1 ? { namespace: undefined, name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
