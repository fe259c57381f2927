import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import { TerminalError, type Reconciler } from './result.ts';
import { WorkQueue } from './workqueue.ts';

export interface ControllerOptions {
  /** keys reconciled at once; one key never runs twice at once whatever this is */
  workers?: number;
  logger: Logger;
  /** told when a key fails for good, to record an Event */
  onTerminalError?(key: string, error: TerminalError): void;
}

/**
 * Runs a Reconciler: workers take keys from the queue, a success forgets the
 * key's failures, `requeueAfterMs` schedules the next look, an error retries
 * with exponential backoff and a TerminalError stops retrying.
 */
export class Controller {
  private workQueue = new WorkQueue();
  private workers: Promise<void>[] = [];
  private stopped = false;

  constructor(
    readonly reconciler: Reconciler,
    private readonly options: ControllerOptions,
  ) {}

  get queue(): WorkQueue {
    return this.workQueue;
  }

  enqueue(key: string): void {
    this.workQueue.add(key);
  }

  /** starts the workers; after a stop (leadership lost and regained) with a fresh queue */
  start(): void {
    if (this.stopped) {
      this.workQueue = new WorkQueue();
      this.stopped = false;
    }
    const count = this.options.workers ?? 1;
    for (let i = 0; i < count; i++) this.workers.push(this.work());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.workQueue.shutDown();
    await Promise.all(this.workers);
    this.workers = [];
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.reconciler.reconcile(key);
        this.queue.forget(key);
        if (result.restMs !== undefined) this.queue.rest(key, result.restMs);
        if (result.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (error) {
        if (error instanceof TerminalError) {
          this.queue.forget(key);
          this.options.logger.warn({ controller: this.reconciler.name, key, reason: error.reason }, error.message);
          this.options.onTerminalError?.(key, error);
        } else {
          // Conflicts are the normal cost of optimistic concurrency: retry quietly.
          if (!isApiError(error, 'Conflict')) {
            this.options.logger.warn({ controller: this.reconciler.name, key, err: error, failures: this.queue.failureCount(key) }, 'reconcile failed; will retry');
          }
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }
}
