import type Database from 'better-sqlite3';

/** bumped when the layout changes; an older file is refused rather than misread */
export const SCHEMA_VERSION = 1;

/**
 * `kv` holds the current value of every key. `changes` is the append-only log
 * that watch replays after a restart: one row per revision, so revisions in it
 * are contiguous, and the event's own modRevision is always its `revision`.
 * `prev_mod_revision` is the modRevision the key had before the change: the
 * log's row at that revision holds the event's `prev`, and a delete's value
 * (its own `value` is ''); pruning keeps such a row while a retained change
 * names it. `prev_value` is set only in rows written before that, which carry
 * their previous value (and a delete its value) themselves. `meta` keeps the
 * compacted revision, which is also the floor of the current revision once
 * the log has been pruned.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  create_revision INTEGER NOT NULL,
  mod_revision INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
  revision INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('put', 'delete')),
  value TEXT NOT NULL,
  prev_value TEXT,
  create_revision INTEGER NOT NULL,
  prev_mod_revision INTEGER
);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ${SCHEMA_VERSION}), ('compacted_revision', 0);
`;

export interface SqlitePragmaOptions {
  /** fsync the WAL on every commit (power-loss durability) instead of leaving it to the OS */
  fsync: boolean;
}

/**
 * The page size of a new file. A stored pod is 4–5 KiB: with SQLite's
 * default 4 KiB pages every version spilled into overflow pages, in the
 * `kv` row and again in the change log, and each write touched that chain.
 * With 16 KiB pages a write of such rows cost about 15% less SQLite CPU
 * (an update of one of 11,000 pods and its log row, 20 per transaction:
 * 54–56 µs against 63–68 µs). It applies only to a file made from scratch;
 * a file made before keeps the size it has.
 */
export const PAGE_SIZE = 16_384;

/**
 * WAL pages after which the WAL starts over from its beginning, which
 * SQLite does only once all of it is in the file: the checkpoint thread
 * (BackgroundCheckpoints) copies most of it before that, and a commit then
 * checkpoints the rest.
 */
export const WAL_RESTART_PAGES = 1024;

/**
 * WAL pages after which a commit checkpoints all of the WAL itself, as
 * SQLite does by default at 1,000 pages: this bounds the WAL only should
 * the checkpoint thread fail, because such a checkpoint holds every write
 * queued behind it while it copies and syncs (1,000 pages, 16 MiB, held
 * sched-basic's SQLite thread 37–50 ms).
 */
export const WAL_FALLBACK_CHECKPOINT_PAGES = 4 * WAL_RESTART_PAGES;

export function configureConnection(db: Database.Database, options: SqlitePragmaOptions): void {
  // Before WAL is entered and before any table exists: only then may the page size change.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  // One process owns the file (capabilities.shared is false), which OwnerLock
  // enforces: the file itself stays open to the checkpoint thread's connection.
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL makes a commit one write() to the WAL file and no fsync.
  // The written pages sit in the OS page cache, which outlives the process, so
  // an acknowledged write survives kill -9 and OOM kills; only a power loss or
  // kernel crash can lose the last commits, and even then the file stays
  // consistent (SQLite replays the WAL up to the last complete commit). FULL
  // adds an fsync per commit for those cases, at a large cost per write.
  db.pragma(`synchronous = ${options.fsync ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -32768');
  db.pragma(`wal_autocheckpoint = ${WAL_FALLBACK_CHECKPOINT_PAGES}`);
}

export function migrate(db: Database.Database): void {
  db.exec(SCHEMA);
  const version = db.prepare<[], { value: number }>(`SELECT value FROM meta WHERE name = 'schema_version'`).get();
  if (version?.value !== SCHEMA_VERSION) {
    throw new Error(`unsupported store schema version ${String(version?.value)}; this build reads version ${SCHEMA_VERSION}`);
  }
}

/**
 * The exclusive upper bound of the keys that start with `prefix`, in SQLite's
 * (UTF-8 byte) order: the prefix with its last code point incremented, or
 * undefined when every key qualifies.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()?.codePointAt(0) ?? 0;
    if (last >= 0x10ffff) continue;
    const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
    return codePoints.join('') + String.fromCodePoint(next);
  }
  return undefined;
}
