import type { ClusterEvent, PodInfo } from '../../../contracts/scheduling.ts';
import { Heap, type HeapItem } from './heap.ts';

export interface QueuedPod extends HeapItem {
  info: PodInfo;
  /** the order it last entered the active queue in: first in, first out among equal priorities */
  timestamp: number;
  /** scheduling attempts so far; each doubles the next backoff */
  attempts: number;
  /** the plugins that turned it down last time; only changes they care about bring it back */
  rejectors: ReadonlySet<string>;
  /** not retried before this time */
  backoffUntil: number;
  where: 'active' | 'backoff' | 'unschedulable' | 'popped';
}

export interface SchedulingQueueOptions {
  /** Kubernetes' podInitialBackoffDuration: 1 s */
  initialBackoffMs?: number;
  /** podMaxBackoffDuration: 10 s */
  maxBackoffMs?: number;
  /** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried after this long anyway (5 min) */
  maxUnschedulableMs?: number;
  /** the cluster changes a plugin listed; undefined means every change */
  eventsOf(plugin: string): readonly ClusterEvent[] | undefined;
  now?: () => number;
}

/**
 * The scheduling queue of Kubernetes' PriorityQueue: an active heap (higher
 * priority first, then first in first out), a backoff heap for pods that
 * failed recently, and a set of unschedulable pods that wait for a cluster
 * change one of their rejecting plugins cares about (or, at the latest,
 * `maxUnschedulableMs`).
 */
export class SchedulingQueue {
  private readonly pods = new Map<string, QueuedPod>();
  private readonly active = new Heap<QueuedPod>(
    (a, b) => a.info.priority > b.info.priority || (a.info.priority === b.info.priority && a.timestamp < b.timestamp),
  );
  private readonly backoff = new Heap<QueuedPod>((a, b) => a.backoffUntil < b.backoffUntil);
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly unschedulableSince = new Map<string, number>();
  private waiters: ((pod: QueuedPod | undefined) => void)[] = [];
  private backoffTimer: NodeJS.Timeout | undefined;
  private backoffTimerAt = Infinity;
  private closed = false;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;
  private readonly now: () => number;
  private sequence = 0;

  constructor(private readonly options: SchedulingQueueOptions) {
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = options.maxUnschedulableMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get counts(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  has(key: string): boolean {
    return this.pods.has(key);
  }

  /** a pending pod to schedule; an already queued one is updated instead */
  add(info: PodInfo): void {
    if (this.closed) return;
    const queued = this.pods.get(info.key);
    if (queued !== undefined) {
      this.update(info, true);
      return;
    }
    const pod: QueuedPod = { info, timestamp: 0, attempts: 0, rejectors: new Set(), backoffUntil: 0, where: 'popped', heapIndex: -1 };
    this.pods.set(info.key, pod);
    this.activate(pod);
  }

  /** a newer version of a queued pod; `mayNowFit` (spec or labels changed) retries an unschedulable one */
  update(info: PodInfo, mayNowFit: boolean): void {
    const pod = this.pods.get(info.key);
    if (pod === undefined) return;
    pod.info = info;
    if (pod.where === 'active') this.active.fix(pod);
    if (pod.where === 'unschedulable' && mayNowFit) this.release(pod);
  }

  delete(key: string): void {
    const pod = this.pods.get(key);
    if (pod === undefined) return;
    this.detach(pod);
    this.pods.delete(key);
  }

  /** the next pod to schedule, waiting for one; undefined once closed */
  pop(): Promise<QueuedPod | undefined> {
    const pod = this.tryPop();
    if (pod !== undefined || this.closed) return Promise.resolve(pod);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  tryPop(): QueuedPod | undefined {
    const pod = this.active.pop();
    if (pod === undefined) return undefined;
    return this.handOut(pod);
  }

  /** after an attempt found no node: wait for a change that one of `rejectors` cares about */
  requeueUnschedulable(pod: QueuedPod, rejectors: ReadonlySet<string>): void {
    if (!this.reenter(pod)) return;
    pod.rejectors = rejectors;
    pod.backoffUntil = this.now() + this.backoffDuration(pod.attempts);
    pod.where = 'unschedulable';
    this.unschedulable.set(pod.info.key, pod);
    this.unschedulableSince.set(pod.info.key, this.now());
  }

  /** after an error or a failed binding: retry once its backoff has passed */
  requeueBackoff(pod: QueuedPod): void {
    if (!this.reenter(pod)) return;
    pod.backoffUntil = this.now() + this.backoffDuration(pod.attempts);
    this.toBackoffOrActive(pod);
  }

  /** a cluster change: unschedulable pods whose rejectors care about it are retried */
  onClusterEvent(event: ClusterEvent): void {
    if (this.unschedulable.size === 0) return;
    for (const pod of [...this.unschedulable.values()]) if (this.caresAbout(pod, event)) this.release(pod);
  }

  /** retries pods that have been unschedulable longer than maxUnschedulableMs (Kubernetes flushes every 30 s) */
  flushLeftover(): void {
    const deadline = this.now() - this.maxUnschedulableMs;
    for (const pod of [...this.unschedulable.values()]) {
      if ((this.unschedulableSince.get(pod.info.key) ?? 0) <= deadline) this.release(pod);
    }
  }

  /** accepts pods again after `close`, when the scheduler is started again (leader election) */
  reopen(): void {
    this.closed = false;
    this.backoffTimerAt = Infinity;
    this.armBackoffTimer();
  }

  close(): void {
    this.closed = true;
    if (this.backoffTimer !== undefined) clearTimeout(this.backoffTimer);
    this.backoffTimer = undefined;
    for (const resolve of this.waiters.splice(0)) resolve(undefined);
  }

  private caresAbout(pod: QueuedPod, event: ClusterEvent): boolean {
    if (pod.rejectors.size === 0) return true;
    for (const plugin of pod.rejectors) {
      const events = this.options.eventsOf(plugin);
      if (events === undefined || events.includes(event)) return true;
    }
    return false;
  }

  private backoffDuration(attempts: number): number {
    return Math.min(this.initialBackoffMs * 2 ** Math.max(0, attempts - 1), this.maxBackoffMs);
  }

  /** puts a popped pod back under its key unless it was deleted or re-added meanwhile */
  private reenter(pod: QueuedPod): boolean {
    if (this.closed) return false;
    const current = this.pods.get(pod.info.key);
    if (current !== undefined && current !== pod) return false;
    this.pods.set(pod.info.key, pod);
    return true;
  }

  private release(pod: QueuedPod): void {
    this.unschedulable.delete(pod.info.key);
    this.unschedulableSince.delete(pod.info.key);
    this.toBackoffOrActive(pod);
  }

  private toBackoffOrActive(pod: QueuedPod): void {
    if (pod.backoffUntil <= this.now()) {
      this.activate(pod);
      return;
    }
    pod.where = 'backoff';
    this.backoff.push(pod);
    this.armBackoffTimer();
  }

  private activate(pod: QueuedPod): void {
    pod.where = 'active';
    pod.timestamp = ++this.sequence;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(this.handOut(pod));
    else this.active.push(pod);
  }

  private handOut(pod: QueuedPod): QueuedPod {
    pod.where = 'popped';
    pod.attempts++;
    this.pods.delete(pod.info.key);
    return pod;
  }

  private detach(pod: QueuedPod): void {
    if (pod.where === 'active') this.active.remove(pod);
    else if (pod.where === 'backoff') this.backoff.remove(pod);
    else if (pod.where === 'unschedulable') {
      this.unschedulable.delete(pod.info.key);
      this.unschedulableSince.delete(pod.info.key);
    }
    pod.where = 'popped';
  }

  private armBackoffTimer(): void {
    const next = this.backoff.peek();
    if (next === undefined || next.backoffUntil >= this.backoffTimerAt) return;
    if (this.backoffTimer !== undefined) clearTimeout(this.backoffTimer);
    this.backoffTimerAt = next.backoffUntil;
    this.backoffTimer = setTimeout(() => this.flushBackoff(), Math.max(0, next.backoffUntil - this.now()));
    this.backoffTimer.unref();
  }

  private flushBackoff(): void {
    this.backoffTimer = undefined;
    this.backoffTimerAt = Infinity;
    const now = this.now();
    for (let next = this.backoff.peek(); next !== undefined && next.backoffUntil <= now; next = this.backoff.peek()) {
      this.backoff.pop();
      this.activate(next);
    }
    this.armBackoffTimer();
  }
}
