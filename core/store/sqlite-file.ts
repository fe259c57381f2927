import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyValue, RangeOptions, RangeResult } from '../contracts/store-backend.ts';
import { isRecord } from '../api/types/meta.ts';
import { BackgroundCheckpoints } from './sqlite-background-checkpoints.ts';
import { replayableHistory } from './sqlite-change-log.ts';
import { OwnerLock } from './sqlite-owner-lock.ts';
import { configureConnection, migrate, prefixUpperBound } from './sqlite-schema.ts';
import { ABOVE_ALL_TEXT, prepareStatements, type SqliteStatements } from './sqlite-statements.ts';
import { insertStep, isFailedCompare, removeStep, replaceStep, writeTransactions, type WriteStep, type WriteTransactions } from './sqlite-write-batch.ts';
import { toThreadError, type OpenedFile, type SqliteAnswers, type SqliteFileOptions, type WriteRequest, type WriteResult } from './sqlite-worker-protocol.ts';

/**
 * One open store file, on the thread that owns it (see sqlite-worker.ts):
 * the reads, and the writes of a batch in one transaction, each with the
 * revision it gets in order and its compare evaluated against the writes
 * before it. A commit costs about the same for one write as for fifty.
 */
export class SqliteFile {
  private readonly lock: OwnerLock;
  private readonly db: Database.Database;
  private readonly sql: SqliteStatements;
  private readonly transactions: WriteTransactions;
  private readonly checkpoints: BackgroundCheckpoints;
  /** the newest revision committed */
  private revision: number;
  /** the log holds exactly the revisions above this one (and the previous versions they name) */
  private compacted: number;

  constructor(options: SqliteFileOptions) {
    mkdirSync(dirname(options.path), { recursive: true });
    this.lock = OwnerLock.take(options.path);
    try {
      this.db = new Database(options.path, { timeout: 1_000 });
    } catch (error) {
      this.lock.release();
      throw error;
    }
    try {
      configureConnection(this.db, { fsync: options.fsync });
      if (options.verifyOnOpen) {
        const problems = checkIntegrity(this.db, 'quick');
        if (problems.length > 0) throw new Error(`store file ${options.path} is damaged: ${problems.join('; ')}`);
      }
      migrate(this.db);
      this.sql = prepareStatements(this.db);
      this.compacted = this.sql.readCompacted.get() ?? 0;
      // The log's newest row is the newest revision, even when that change was a
      // delete; once pruning or compaction emptied the log, meta keeps the floor.
      this.revision = Math.max(this.compacted, this.sql.newestChange.get() ?? 0);
      this.transactions = writeTransactions(this.db, this.sql, options.historySize);
      this.checkpoints = BackgroundCheckpoints.start(this.db, options.path, options.fsync);
    } catch (error) {
      this.db.close();
      this.lock.release();
      throw error;
    }
  }

  /**
   * The revision and the change log's events, for the opener to replay to
   * its watchers. Read when asked, not kept: the thread that serves the
   * file has no use for ten thousand events after handing them over.
   */
  replayable(): OpenedFile {
    const history = replayableHistory(this.sql.readChanges.all(), this.compacted);
    return { revision: this.revision, history: history.events, compacted: history.compacted };
  }

  close(): void {
    // The checkpoint thread lets go first, so that this connection, the file's last, checkpoints the rest and removes the WAL.
    this.checkpoints.stop();
    this.db.close();
    this.lock.release();
  }

  get(key: string): KeyValue | undefined {
    return this.sql.get.get(key);
  }

  modRevision(key: string): number | undefined {
    return this.sql.modRevision.get(key);
  }

  range(prefix: string, options: RangeOptions): RangeResult {
    const upper = prefixUpperBound(prefix) ?? ABOVE_ALL_TEXT;
    const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(options.limit));
    // One extra row tells whether more keys follow, without a second query.
    const fetch = limit === undefined ? -1 : limit + 1;
    const after = options.startAfter;
    const items =
      after !== undefined && compareUtf8(after, prefix) >= 0
        ? this.sql.rangeAfter.all(after, upper, fetch)
        : this.sql.rangeFrom.all(prefix, upper, fetch);
    const more = limit !== undefined && items.length > limit;
    if (more) items.length = limit;
    return { items, revision: this.revision, more };
  }

  count(prefix: string): number {
    return this.sql.count.get(prefix, prefixUpperBound(prefix) ?? ABOVE_ALL_TEXT) ?? 0;
  }

  /** the writes in order, in one transaction */
  write(writes: readonly WriteRequest[]): SqliteAnswers['write'] {
    const results = this.commitOrEach(writes);
    this.checkpoints.committed(valueBytes(writes));
    return { results, revision: this.revision, compacted: this.compacted };
  }

  /** compacts the log to `revision` (at most the newest); the revision compacted to, or undefined when it already was */
  compact(revision: number): number | undefined {
    // Compacting beyond the newest revision would make the current one unwatchable.
    const target = Math.min(revision, this.revision);
    if (target <= this.compacted) return undefined;
    this.transactions.prune(target);
    this.compacted = target;
    return target;
  }

  verify(mode: 'quick' | 'full'): string[] {
    return checkIntegrity(this.db, mode);
  }

  private commitOrEach(writes: readonly WriteRequest[]): WriteResult[] {
    try {
      return this.commit(writes);
    } catch (error) {
      // The whole transaction rolled back. Each write on its own then fails or
      // succeeds exactly as it would have without the others.
      if (writes.length === 1) return [{ error: toThreadError(error) }];
      return writes.flatMap((write) => this.commitOrEach([write]));
    }
  }

  private commit(writes: readonly WriteRequest[]): WriteResult[] {
    const committed = this.transactions.write(writes.map(stepOf), this.revision, this.compacted);
    this.revision = committed.revision;
    if (committed.pruneTo !== undefined) this.compacted = committed.pruneTo;
    return committed.results.map((result, i) => {
      if (isFailedCompare(result)) return result;
      const write = writes[i];
      const held = result.prev !== undefined && write !== undefined && write.kind !== 'create' && write.heldPrev === result.prev.modRevision;
      return { ok: true, revision: result.revision, createRevision: result.kv.createRevision, prev: held ? 'held' : result.prev };
    });
  }
}

/** what the writes stored, counted in string length: close enough to bytes for pacing checkpoints */
function valueBytes(writes: readonly WriteRequest[]): number {
  let bytes = 0;
  for (const write of writes) if (write.kind !== 'delete') bytes += write.value.length;
  return bytes;
}

function stepOf(write: WriteRequest): WriteStep {
  switch (write.kind) {
    case 'create':
      return insertStep(write.key, write.value);
    case 'update':
      return replaceStep(write.key, write.value, write.expected);
    case 'delete':
      return removeStep(write.key, write.expected);
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
