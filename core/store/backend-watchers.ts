import {
  RevisionCompactedError,
  type BackendEvent,
  type BackendWatch,
  type BackendWatchHandlers,
} from '../contracts/store-backend.ts';

interface Watcher {
  prefix: string;
  handlers: BackendWatchHandlers;
}

/**
 * Retained change history plus live fan-out, for the in-process backends
 * (memory, SQLite). A watcher first gets the history after its revision, then
 * every new change, always in revision order.
 */
export class BackendWatchers {
  private readonly history: BackendEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  /** history at or below this revision is gone */
  private compactedRevision: number;

  constructor(
    private readonly maxHistory: number,
    startRevision: number,
  ) {
    this.compactedRevision = startRevision;
  }

  /** seeds history that a durable backend kept across a restart, oldest first */
  seed(events: BackendEvent[], compactedRevision: number): void {
    this.history.push(...events);
    this.compactedRevision = compactedRevision;
  }

  publish(event: BackendEvent): void {
    this.history.push(event);
    if (this.history.length > this.maxHistory * 1.25) {
      const drop = this.history.length - this.maxHistory;
      const last = this.history[drop - 1];
      if (last !== undefined) this.compactedRevision = last.revision;
      this.history.splice(0, drop);
    }
    for (const watcher of this.watchers) {
      if (!event.kv.key.startsWith(watcher.prefix)) continue;
      try {
        watcher.handlers.onEvents([event]);
      } catch (error) {
        // The write is committed; a failing watcher loses its watch, not the others their events.
        this.watchers.delete(watcher);
        watcher.handlers.onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  watch(prefix: string, fromRevision: number, handlers: BackendWatchHandlers): BackendWatch {
    if (fromRevision < this.compactedRevision) throw new RevisionCompactedError(fromRevision, this.compactedRevision);
    const backlog = this.history.filter((e) => e.revision > fromRevision && e.kv.key.startsWith(prefix));
    if (backlog.length > 0) handlers.onEvents(backlog);
    const watcher: Watcher = { prefix, handlers };
    this.watchers.add(watcher);
    return { close: () => this.watchers.delete(watcher) };
  }

  compact(revision: number): void {
    const keep = this.history.findIndex((e) => e.revision > revision);
    this.history.splice(0, keep === -1 ? this.history.length : keep);
    this.compactedRevision = Math.max(this.compactedRevision, revision);
  }

  closeAll(error: Error): void {
    for (const watcher of this.watchers) watcher.handlers.onError(error);
    this.watchers.clear();
  }
}
