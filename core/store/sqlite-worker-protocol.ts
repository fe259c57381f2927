import type { BackendEvent, KeyValue, RangeOptions, RangeResult } from '../contracts/store-backend.ts';

/** What the SQLite thread needs to open a file (SqliteBackendOptions without defaults left open). */
export interface SqliteFileOptions {
  path: string;
  historySize: number;
  fsync: boolean;
  verifyOnOpen: boolean;
}

/** One compare-and-swap write as it crosses to the SQLite thread. */
export type WriteRequest =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number; heldPrev?: number }
  | { kind: 'delete'; key: string; expected: number; heldPrev?: number };

/**
 * A write's result as it comes back: the revision it got and what the event
 * needs that the writer does not know (the key's createRevision, its previous
 * version: 'held' when it is the one the write named as `heldPrev`), or the
 * failed compare, or the error that failed this write alone.
 */
export type WriteResult =
  | { ok: true; revision: number; createRevision: number; prev: KeyValue | 'held' | undefined }
  | { ok: false; current: KeyValue | undefined }
  | { error: ThreadError };

export interface OpenedFile {
  revision: number;
  /** the retained change log, for watch to replay */
  history: BackendEvent[];
  /** below this the history is gone */
  compacted: number;
}

/** One operation on an open file. */
export type SqliteRequest =
  | { op: 'open'; options: SqliteFileOptions }
  | { op: 'close' }
  | { op: 'get'; key: string }
  | { op: 'modRevision'; key: string }
  | { op: 'range'; prefix: string; options: RangeOptions }
  | { op: 'count'; prefix: string }
  | { op: 'write'; writes: WriteRequest[] }
  | { op: 'compact'; revision: number }
  | { op: 'verify'; mode: 'quick' | 'full' };

/**
 * What crosses to the SQLite thread: the operations one store asked for in
 * one turn of the event loop, in order, on the file it names by `handle`.
 * One message for a turn's requests, not one each: posting a message costs
 * more than most reads do.
 */
export interface SqliteMessage {
  id: number;
  handle: number;
  requests: SqliteRequest[];
}

/** each request's answer, in order; `id` pairs them with their message */
export interface SqliteReply {
  id: number;
  answers: SqliteAnswer[];
}

export type SqliteAnswer = { ok: true; value: unknown } | { ok: false; error: ThreadError };

/** What each operation answers with. */
export interface SqliteAnswers {
  open: OpenedFile;
  close: undefined;
  get: KeyValue | undefined;
  modRevision: number | undefined;
  range: RangeResult;
  count: number;
  /** per write, in order, and the newest revision after them */
  write: { results: WriteResult[]; revision: number; compacted: number };
  /** the revision the log was compacted to, or undefined when there was nothing to do */
  compact: number | undefined;
  verify: string[];
}

/**
 * An error as it crosses between threads: a structured clone keeps an Error's
 * message only for the standard classes, and drops the `code` of SQLite's.
 */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
}

export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

export function fromThreadError(crossed: ThreadError): Error {
  const error = new Error(crossed.message);
  error.name = crossed.name;
  return crossed.code === undefined ? error : Object.assign(error, { code: crossed.code });
}
