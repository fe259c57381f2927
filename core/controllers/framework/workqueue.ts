import { Fifo } from '../../api/fifo.ts';

/**
 * A controller's work queue, as client-go's: keys are deduplicated while
 * waiting, a key is never handed to two workers at once (a key added while it
 * is being processed runs again afterwards), failures back off per key
 * exponentially, and `addAfter` schedules a requeue. `rest` is Kubernel's:
 * it spaces out the reconciles of a key whose reconcile is costly.
 */
export interface WorkQueueOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export class WorkQueue {
  private readonly queue = new Fifo<string>();
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  /** keys added while being processed; they run again when done */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** keys resting after a costly reconcile: not handed out again before this time (Date.now() ms) */
  private readonly restingUntil = new Map<string, number>();
  /** the timers that add a resting key once its rest is over */
  private readonly restTimers = new Map<string, NodeJS.Timeout>();
  private waiters: (() => void)[] = [];
  private shuttingDown = false;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(options: WorkQueueOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 1000_000;
  }

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    const until = this.restingUntil.get(key);
    if (until !== undefined) {
      const waitMs = until - Date.now();
      if (waitMs > 0) {
        this.addAfterRest(key, waitMs);
        return;
      }
      this.restingUntil.delete(key);
    }
    this.queued.add(key);
    this.queue.push(key);
    this.wake();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const existing = this.timers.get(key);
    if (existing !== undefined) clearTimeout(existing);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.add(key);
      }, delayMs),
    );
  }

  /**
   * Keeps `key` from being handed out again for `ms`, however soon it is
   * added: the adds of that time wait and run as one. A reconcile that
   * looked at many objects (a ReplicaSet's thousands of pods) is not started
   * again for each of their changes.
   */
  rest(key: string, ms: number): void {
    // Under a millisecond is no rest at Date.now()'s resolution, and would leave an entry for every small key.
    if (ms >= 1 && !this.shuttingDown) this.restingUntil.set(key, Date.now() + ms);
  }

  private addAfterRest(key: string, waitMs: number): void {
    if (this.restTimers.has(key)) return;
    this.restTimers.set(
      key,
      setTimeout(() => {
        this.restTimers.delete(key);
        this.add(key);
      }, waitMs),
    );
  }

  /** requeue after this key's next backoff delay: base * 2^failures, capped */
  addRateLimited(key: string): void {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    this.addAfter(key, Math.min(this.baseDelayMs * 2 ** failures, this.maxDelayMs));
  }

  /** forget a key's failures after it succeeded */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** the next key to work on, or undefined once shut down */
  async get(): Promise<string | undefined> {
    while (this.queue.length === 0) {
      if (this.shuttingDown) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const key = this.queue.shift();
    if (key === undefined) return undefined;
    this.queued.delete(key);
    this.processing.add(key);
    return key;
  }

  /** marks a key's processing finished; re-adds it if it changed meanwhile */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  get length(): number {
    return this.queue.length;
  }

  get isShutDown(): boolean {
    return this.shuttingDown;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const timer of [...this.timers.values(), ...this.restTimers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.restTimers.clear();
    this.restingUntil.clear();
    this.wake(true);
  }

  private wake(all = false): void {
    const waiters = all ? this.waiters : this.waiters.splice(0, 1);
    if (all) this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
