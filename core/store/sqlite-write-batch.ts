import type Database from 'better-sqlite3';
import type { BackendEvent, KeyValue, WriteOutcome } from '../contracts/store-backend.ts';
import type { SqliteStatements } from './sqlite-statements.ts';

/** A compare that failed: nothing was written. */
export type FailedCompare = Extract<WriteOutcome, { ok: false }>;

/**
 * One compare-and-swap write, run inside a batch's transaction with the
 * revision it gets if it writes: the event it made, or the failed compare.
 */
export type WriteStep = (sql: SqliteStatements, revision: number) => BackendEvent | FailedCompare;

export interface CommittedBatch {
  /** per write, in order */
  results: (BackendEvent | FailedCompare)[];
  /** the newest revision after the batch */
  revision: number;
  /** where the log was pruned to, when it was */
  pruneTo: number | undefined;
}

export interface WriteTransactions {
  /** `steps` in order, their log rows and any pruning, in one transaction */
  write: (steps: readonly WriteStep[], revision: number, compacted: number) => CommittedBatch;
  prune: (upTo: number) => void;
}

export function isFailedCompare(result: BackendEvent | FailedCompare): result is FailedCompare {
  return 'ok' in result;
}

/** the write transactions, wrapped once per connection because wrapping is not free */
export function writeTransactions(db: Database.Database, sql: SqliteStatements, historySize: number): WriteTransactions {
  const pruneLog = (upTo: number): void => {
    sql.pruneChanges.run({ upTo });
    sql.writeCompacted.run(upTo);
  };
  const write = db.transaction((steps: readonly WriteStep[], from: number, compacted: number): CommittedBatch => {
    let revision = from;
    let floor = compacted;
    let pruneTo: number | undefined;
    const results = steps.map((step) => {
      const result = step(sql, revision + 1);
      if (isFailedCompare(result)) return result;
      revision = result.revision;
      const { kv, prev } = result;
      // The previous version is written again only when the log no longer has it (see sqlite-change-log.ts).
      const prevLogged = prev !== undefined && prev.modRevision > floor;
      const value = result.type === 'delete' && prevLogged ? '' : kv.value;
      sql.appendChange.run(revision, kv.key, result.type, value, prevLogged ? null : (prev?.value ?? null), kv.createRevision, prev?.modRevision ?? null);
      // Where pruning after every write would have left the log: in batches of a
      // quarter of the history, which keeps its cost off most writes.
      if (revision - floor > historySize * 1.25) {
        pruneTo = revision - historySize;
        floor = pruneTo;
      }
      return result;
    });
    if (pruneTo !== undefined) pruneLog(pruneTo);
    return { results, revision, pruneTo };
  });
  return { write, prune: db.transaction(pruneLog) };
}

/** `create`: stores `value` when `key` does not exist */
export function insertStep(key: string, value: string): WriteStep {
  return (sql, revision) => {
    if (sql.insertKv.run(key, value, revision, revision).changes !== 1) return { ok: false, current: sql.get.get(key) };
    return { type: 'put', kv: { key, value, createRevision: revision, modRevision: revision }, prev: undefined, revision };
  };
}

/** `update`: replaces the value when the key's modRevision is `expected` */
export function replaceStep(key: string, value: string, expected: number): WriteStep {
  return (sql, revision) => {
    const existing = sql.get.get(key);
    if (existing === undefined || existing.modRevision !== expected) return { ok: false, current: existing };
    sql.updateKv.run(value, revision, key);
    const kv: KeyValue = { key, value, createRevision: existing.createRevision, modRevision: revision };
    return { type: 'put', kv, prev: existing, revision };
  };
}

/** `delete`: removes the key when its modRevision is `expected` */
export function removeStep(key: string, expected: number): WriteStep {
  return (sql, revision) => {
    const existing = sql.get.get(key);
    if (existing === undefined || existing.modRevision !== expected) return { ok: false, current: existing };
    sql.deleteKv.run(key);
    return { type: 'delete', kv: { ...existing, modRevision: revision }, prev: existing, revision };
  };
}
