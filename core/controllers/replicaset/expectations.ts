/**
 * client-go's UIDTrackingControllerExpectations: what a controller has asked
 * the API for and not yet seen through its informer. While a ReplicaSet waits
 * for creations or deletions it issued, it does not create or delete again, so
 * a stale cache never makes it double-create. Deletions are tracked by pod key
 * so that a graceful deletion (an update that sets deletionTimestamp) and the
 * final delete event are counted once. Expectations expire after five minutes,
 * in case an event was lost.
 */

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  setAtMs: number;
}

export class ControllerExpectations {
  private readonly expectations = new Map<string, Expectation>();
  private readonly pendingDeletes = new Map<string, Set<string>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS,
  ) {}

  /** true when the controller may act: nothing is pending, or what was pending expired */
  satisfied(controllerKey: string): boolean {
    const exp = this.expectations.get(controllerKey);
    if (exp === undefined) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.now() - exp.setAtMs > this.timeoutMs;
  }

  /** expects `count` creations, replacing what was expected before */
  expectCreations(controllerKey: string, count: number): void {
    this.expectations.set(controllerKey, { add: count, del: 0, setAtMs: this.now() });
  }

  /** expects the deletion of these pods (namespace/name keys), replacing what was expected before */
  expectDeletions(controllerKey: string, podKeys: readonly string[]): void {
    const keys = new Set(podKeys);
    this.pendingDeletes.set(controllerKey, keys);
    this.expectations.set(controllerKey, { add: 0, del: keys.size, setAtMs: this.now() });
  }

  creationObserved(controllerKey: string): void {
    const exp = this.expectations.get(controllerKey);
    if (exp !== undefined) exp.add--;
  }

  /** counts a pod's deletion once, whether seen as deletionTimestamp or as the delete itself */
  deletionObserved(controllerKey: string, podKey: string): void {
    const pending = this.pendingDeletes.get(controllerKey);
    if (pending === undefined || !pending.delete(podKey)) return;
    const exp = this.expectations.get(controllerKey);
    if (exp !== undefined) exp.del--;
  }

  /** forgets a controller, e.g. when its ReplicaSet is deleted, so a new one of that name starts clean */
  delete(controllerKey: string): void {
    this.expectations.delete(controllerKey);
    this.pendingDeletes.delete(controllerKey);
  }

  /** the outstanding counts, for logs and tests */
  pending(controllerKey: string): { add: number; del: number } | undefined {
    const exp = this.expectations.get(controllerKey);
    return exp === undefined ? undefined : { add: exp.add, del: exp.del };
  }
}
