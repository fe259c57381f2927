import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  BackendWatch,
  BackendWatchHandlers,
  KeyValue,
  RangeOptions,
  RangeResult,
  StoreBackend,
  WriteOutcome,
} from '../contracts/store-backend.ts';
import { isRecord } from '../api/types/meta.ts';
import { BackendWatchers } from './backend-watchers.ts';
import { configureConnection, migrate, prefixUpperBound } from './sqlite-schema.ts';
import { replayableHistory } from './sqlite-change-log.ts';
import { ABOVE_ALL_TEXT, prepareStatements, type SqliteStatements } from './sqlite-statements.ts';
import {
  insertStep,
  isFailedCompare,
  removeStep,
  replaceStep,
  writeTransactions,
  type QueuedWrite,
  type WriteStep,
  type WriteTransactions,
} from './sqlite-write-batch.ts';

export interface SqliteBackendOptions {
  /** the database file; its directory is created when missing */
  path: string;
  /** how many changes the log keeps for watch to replay, also across restarts (default 10,000) */
  historySize?: number;
  /** fsync every commit (synchronous = FULL): survives power loss, not only process crashes */
  fsync?: boolean;
  /** run `PRAGMA quick_check` on open and refuse a damaged file */
  verifyOnOpen?: boolean;
}

interface OpenStore extends WriteTransactions {
  db: Database.Database;
  sql: SqliteStatements;
  watchers: BackendWatchers;
  /** the newest revision committed; kept here because every write needs it */
  revision: number;
  /** the log holds exactly the revisions above this one */
  compacted: number;
}

/**
 * Durable single-process backend on an embedded SQLite file.
 *
 * Writes are group-committed: the writes that arrive during one turn of the
 * event loop queue up and commit together in one transaction at its end
 * (setImmediate), each getting its own revision in arrival order, with its
 * compare evaluated against the writes before it. A commit costs about the
 * same for one write as for fifty. Nothing is acknowledged, and no watcher
 * hears of a write, before its transaction has committed; reads see only
 * committed data.
 */
export class SqliteBackend implements StoreBackend {
  readonly name = 'sqlite';
  readonly capabilities = { durable: true, shared: false };
  private readonly historySize: number;
  private store: OpenStore | undefined;
  private readonly queue: QueuedWrite[] = [];
  private flushScheduled = false;

  constructor(private readonly options: SqliteBackendOptions) {
    this.historySize = Math.max(0, options.historySize ?? 10_000);
  }

  async open(): Promise<void> {
    if (this.store !== undefined) return;
    mkdirSync(dirname(this.options.path), { recursive: true });
    // No one else should hold the file, so waiting long for its lock only delays the error.
    const db = new Database(this.options.path, { timeout: 1_000 });
    try {
      configureConnection(db, { fsync: this.options.fsync === true });
      if (this.options.verifyOnOpen === true) {
        const problems = checkIntegrity(db, 'quick');
        if (problems.length > 0) throw new Error(`store file ${this.options.path} is damaged: ${problems.join('; ')}`);
      }
      migrate(db);
      const sql = prepareStatements(db);
      const compacted = sql.readCompacted.get() ?? 0;
      // The log's newest row is the newest revision, even when that change was a
      // delete; once pruning or compaction emptied the log, meta keeps the floor.
      const revision = Math.max(compacted, sql.newestChange.get() ?? 0);
      const watchers = new BackendWatchers(this.historySize, compacted);
      const history = replayableHistory(sql.readChanges.all(), compacted);
      watchers.seed(history.events, history.compacted);
      this.store = { db, sql, watchers, revision, compacted, ...writeTransactions(db, sql, this.historySize) };
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const store = this.store;
    if (store === undefined) return;
    // Writes already accepted still commit.
    this.flush();
    this.store = undefined;
    store.watchers.closeAll(new Error('store closed'));
    store.db.close();
  }

  async currentRevision(): Promise<number> {
    return this.opened().revision;
  }

  async modRevision(key: string): Promise<number | undefined> {
    return this.opened().sql.modRevision.get(key);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.opened().sql.get.get(key);
  }

  async range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    const { sql, revision } = this.opened();
    const upper = prefixUpperBound(prefix) ?? ABOVE_ALL_TEXT;
    const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(options.limit));
    // One extra row tells whether more keys follow, without a second query.
    const fetch = limit === undefined ? -1 : limit + 1;
    const after = options.startAfter;
    const items =
      after !== undefined && compareUtf8(after, prefix) >= 0
        ? sql.rangeAfter.all(after, upper, fetch)
        : sql.rangeFrom.all(prefix, upper, fetch);
    const more = limit !== undefined && items.length > limit;
    if (more) items.length = limit;
    return { items, revision, more };
  }

  async count(prefix: string): Promise<number> {
    return this.opened().sql.count.get(prefix, prefixUpperBound(prefix) ?? ABOVE_ALL_TEXT) ?? 0;
  }

  async create(key: string, value: string): Promise<WriteOutcome> {
    return this.enqueue(insertStep(key, value));
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteOutcome> {
    return this.enqueue(replaceStep(key, value, expectedModRevision));
  }

  async delete(key: string, expectedModRevision: number): Promise<WriteOutcome> {
    return this.enqueue(removeStep(key, expectedModRevision));
  }

  async watch(prefix: string, fromRevision: number, handlers: BackendWatchHandlers): Promise<BackendWatch> {
    return this.opened().watchers.watch(prefix, fromRevision, handlers);
  }

  async compact(revision: number): Promise<void> {
    const store = this.opened();
    // Compacting beyond the newest revision would make the current one unwatchable.
    const target = Math.min(revision, store.revision);
    if (target <= store.compacted) return;
    store.prune(target);
    store.compacted = target;
    store.watchers.compact(target);
  }

  /** `PRAGMA quick_check` (or the slower full `integrity_check`); an empty list means the file is sound */
  async verify(mode: 'quick' | 'full' = 'quick'): Promise<string[]> {
    return checkIntegrity(this.opened().db, mode);
  }

  private enqueue(step: WriteStep): Promise<WriteOutcome> {
    this.opened();
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ step, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Commits every queued write, then tells the watchers, then the writers. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    const store = this.store;
    if (store === undefined) {
      for (const write of batch) write.reject(new Error(`sqlite store ${this.options.path} is not open`));
      return;
    }
    this.commit(store, batch);
  }

  private commit(store: OpenStore, batch: readonly QueuedWrite[]): void {
    let committed: ReturnType<OpenStore['write']>;
    try {
      committed = store.write(batch, store.revision, store.compacted);
    } catch (error) {
      // The whole transaction rolled back. Each write on its own then fails or
      // succeeds exactly as it would have without the others.
      if (batch.length === 1) batch[0]?.reject(error);
      else for (const write of batch) this.commit(store, [write]);
      return;
    }
    store.revision = committed.revision;
    if (committed.pruneTo !== undefined) store.compacted = committed.pruneTo;
    for (const result of committed.results) {
      if (!isFailedCompare(result)) store.watchers.publish(result);
    }
    committed.results.forEach((result, i) => batch[i]?.resolve(isFailedCompare(result) ? result : { ok: true, revision: result.revision }));
  }

  private opened(): OpenStore {
    if (this.store === undefined) throw new Error(`sqlite store ${this.options.path} is not open`);
    return this.store;
  }
}

function checkIntegrity(db: Database.Database, mode: 'quick' | 'full'): string[] {
  const rows = db.pragma(mode === 'quick' ? 'quick_check' : 'integrity_check', { simple: false });
  const messages = Array.isArray(rows) ? rows.map((row: unknown) => String(isRecord(row) ? Object.values(row)[0] : row)) : [String(rows)];
  return messages.filter((message) => message !== 'ok');
}

/** key order as SQLite sees it: UTF-8 bytes, which differs from UTF-16 order above U+FFFF */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
