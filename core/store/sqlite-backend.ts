import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  BackendEvent,
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
import { ABOVE_ALL_TEXT, eventFromChange, prepareStatements, type SqliteStatements } from './sqlite-statements.ts';

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

interface OpenStore {
  db: Database.Database;
  sql: SqliteStatements;
  watchers: BackendWatchers;
  /** the newest revision written; kept here because every write needs it */
  revision: number;
  /** the log holds exactly the revisions above this one */
  compacted: number;
  /** one transaction: `apply`, its log row, and pruning the log up to `pruneTo` */
  write: (event: BackendEvent, apply: () => boolean, pruneTo: number | undefined) => boolean;
  prune: (upTo: number) => void;
}

/**
 * Durable single-process backend on an embedded SQLite file. Each write is one
 * synchronous transaction (the value and its change-log row), so the async
 * methods never interleave; watchers hear about a change right after it commits.
 */
export class SqliteBackend implements StoreBackend {
  readonly name = 'sqlite';
  readonly capabilities = { durable: true, shared: false };
  private readonly historySize: number;
  private store: OpenStore | undefined;

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
      watchers.seed(sql.readChanges.all().map(eventFromChange), compacted);
      this.store = { db, sql, watchers, revision, compacted, ...transactions(db, sql) };
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const store = this.store;
    if (store === undefined) return;
    this.store = undefined;
    store.watchers.closeAll(new Error('store closed'));
    store.db.close();
  }

  async currentRevision(): Promise<number> {
    return this.opened().revision;
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
    const store = this.opened();
    const revision = store.revision + 1;
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    const created = this.commit(store, { type: 'put', kv, prev: undefined, revision }, () => {
      return store.sql.insertKv.run(key, value, revision, revision).changes === 1;
    });
    return created ? { ok: true, revision } : { ok: false, current: store.sql.get.get(key) };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteOutcome> {
    const store = this.opened();
    const existing = store.sql.get.get(key);
    if (existing === undefined || existing.modRevision !== expectedModRevision) return { ok: false, current: existing };
    const revision = store.revision + 1;
    const kv: KeyValue = { key, value, createRevision: existing.createRevision, modRevision: revision };
    this.commit(store, { type: 'put', kv, prev: existing, revision }, () => {
      store.sql.updateKv.run(value, revision, key);
      return true;
    });
    return { ok: true, revision };
  }

  async delete(key: string, expectedModRevision: number): Promise<WriteOutcome> {
    const store = this.opened();
    const existing = store.sql.get.get(key);
    if (existing === undefined || existing.modRevision !== expectedModRevision) return { ok: false, current: existing };
    const revision = store.revision + 1;
    this.commit(store, { type: 'delete', kv: { ...existing, modRevision: revision }, prev: existing, revision }, () => {
      store.sql.deleteKv.run(key);
      return true;
    });
    return { ok: true, revision };
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

  /**
   * Runs `apply` and logs `event` in one transaction, then publishes the event.
   * `apply` returns false when the compare failed; nothing was written then.
   */
  private commit(store: OpenStore, event: BackendEvent, apply: () => boolean): boolean {
    // Pruning in batches of a quarter of the history keeps its cost off most writes.
    const pruneTo = event.revision - store.compacted > this.historySize * 1.25 ? event.revision - this.historySize : undefined;
    if (!store.write(event, apply, pruneTo)) return false;
    store.revision = event.revision;
    if (pruneTo !== undefined) store.compacted = pruneTo;
    store.watchers.publish(event);
    return true;
  }

  private opened(): OpenStore {
    if (this.store === undefined) throw new Error(`sqlite store ${this.options.path} is not open`);
    return this.store;
  }
}

/** the write transactions, wrapped once per connection because wrapping is not free */
function transactions(db: Database.Database, sql: SqliteStatements): Pick<OpenStore, 'write' | 'prune'> {
  const pruneLog = (upTo: number): void => {
    sql.pruneChanges.run(upTo);
    sql.writeCompacted.run(upTo);
  };
  const write = db.transaction((event: BackendEvent, apply: () => boolean, pruneTo: number | undefined): boolean => {
    if (!apply()) return false;
    const { kv, prev } = event;
    sql.appendChange.run(event.revision, kv.key, event.type, kv.value, prev?.value ?? null, kv.createRevision, prev?.modRevision ?? null);
    if (pruneTo !== undefined) pruneLog(pruneTo);
    return true;
  });
  return { write, prune: db.transaction(pruneLog) };
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
