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
import { BackendWatchers } from './backend-watchers.ts';
import { NewestValues } from './newest-values.ts';
import { SqliteThread, valueOf } from './sqlite-thread.ts';
import {
  fromThreadError,
  type SqliteAnswer,
  type SqliteAnswers,
  type SqliteFileOptions,
  type SqliteRequest,
  type WriteRequest,
  type WriteResult,
} from './sqlite-worker-protocol.ts';

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

interface QueuedWrite {
  write: WriteRequest;
  /** the key's newest version held here when the write was sent, which its answer may name as its previous one */
  held: KeyValue | undefined;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

interface AskedRequest {
  request: SqliteRequest;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface OpenStore {
  watchers: BackendWatchers;
  newest: NewestValues;
  /** the newest revision committed, as the SQLite thread last answered */
  revision: number;
}

/**
 * Durable single-process backend on an embedded SQLite file.
 *
 * The file belongs to the process's SQLite thread (sqlite-worker.ts): SQLite's
 * own work, a sixth of the API server's CPU under a write load, runs there,
 * off the event loop that admits requests. What a store asks for during one
 * turn of the event loop goes to the thread at its end (setImmediate) in one
 * message, reads first, then the turn's writes; the thread answers messages
 * in the order they were sent, so a read answers after every write sent
 * before it, and a list's revision covers every change the watchers have
 * been told of.
 *
 * Writes are group-committed: a turn's writes commit in one transaction,
 * each getting its own revision in arrival order, with its compare evaluated
 * against the writes before it. A commit costs about the same for one write
 * as for fifty. Nothing is acknowledged, and no watcher hears of a write,
 * before its transaction has committed; reads see only committed data.
 */
export class SqliteBackend implements StoreBackend {
  readonly name = 'sqlite';
  readonly capabilities = { durable: true, shared: false };
  private readonly file: SqliteFileOptions;
  private readonly thread = SqliteThread.shared();
  private readonly handle = this.thread.newHandle();
  private store: OpenStore | undefined;
  private opening: Promise<void> | undefined;
  private asked: AskedRequest[] = [];
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;

  constructor(options: SqliteBackendOptions) {
    this.file = {
      path: options.path,
      historySize: Math.max(0, options.historySize ?? 10_000),
      fsync: options.fsync === true,
      verifyOnOpen: options.verifyOnOpen === true,
    };
  }

  async open(): Promise<void> {
    if (this.store !== undefined) return;
    this.opening ??= this.ask({ op: 'open', options: this.file })
      .then((opened) => {
        const watchers = new BackendWatchers(this.file.historySize, opened.compacted);
        watchers.seed(opened.history, opened.compacted);
        const newest = new NewestValues(this.file.historySize);
        for (const event of opened.history) remember(newest, event);
        this.store = { watchers, newest, revision: opened.revision };
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  async close(): Promise<void> {
    const store = this.store;
    if (store === undefined) return;
    // What was asked and written already is sent now, so it still commits and is answered before the close.
    this.flush();
    this.store = undefined;
    await this.ask({ op: 'close' });
    store.watchers.closeAll(new Error('store closed'));
  }

  async currentRevision(): Promise<number> {
    return this.opened().revision;
  }

  // A key this process wrote lately is answered from what it wrote. No other
  // process writes the file, so that is the committed value, unless a write
  // of this thread's is still on its way: then the read is one that came
  // before it, and a compare against it fails and is retried once it landed.
  async modRevision(key: string): Promise<number | undefined> {
    return this.opened().newest.get(key)?.modRevision ?? this.ask({ op: 'modRevision', key });
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.opened().newest.get(key) ?? this.ask({ op: 'get', key });
  }

  async range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    this.opened();
    return this.ask({ op: 'range', prefix, options });
  }

  async count(prefix: string): Promise<number> {
    this.opened();
    return this.ask({ op: 'count', prefix });
  }

  async create(key: string, value: string): Promise<WriteOutcome> {
    return this.enqueue({ kind: 'create', key, value });
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteOutcome> {
    return this.enqueue({ kind: 'update', key, value, expected: expectedModRevision });
  }

  async delete(key: string, expectedModRevision: number): Promise<WriteOutcome> {
    return this.enqueue({ kind: 'delete', key, expected: expectedModRevision });
  }

  async watch(prefix: string, fromRevision: number, handlers: BackendWatchHandlers): Promise<BackendWatch> {
    return this.opened().watchers.watch(prefix, fromRevision, handlers);
  }

  async compact(revision: number): Promise<void> {
    const store = this.opened();
    const compacted = await this.ask({ op: 'compact', revision });
    if (compacted !== undefined) store.watchers.compact(compacted);
  }

  /** `PRAGMA quick_check` (or the slower full `integrity_check`); an empty list means the file is sound */
  async verify(mode: 'quick' | 'full' = 'quick'): Promise<string[]> {
    this.opened();
    return this.ask({ op: 'verify', mode });
  }

  private ask<O extends SqliteRequest['op']>(request: Extract<SqliteRequest, { op: O }>): Promise<SqliteAnswers[O]> {
    return new Promise<SqliteAnswers[O]>((resolve, reject) => {
      // The thread answers `op` with SqliteAnswers[op].
      this.asked.push({ request, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  private enqueue(write: WriteRequest): Promise<WriteOutcome> {
    const store = this.opened();
    const held = write.kind === 'create' ? undefined : store.newest.get(write.key);
    if (held !== undefined && write.kind !== 'create') write.heldPrev = held.modRevision;
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ write, held, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends the turn's reads and writes; once answered, tells the watchers of each committed write, then the writers. */
  private flush(): void {
    this.flushScheduled = false;
    const asked = this.asked;
    const batch = this.queue;
    if (asked.length === 0 && batch.length === 0) return;
    this.asked = [];
    this.queue = [];
    const store = this.store;
    const requests = asked.map(({ request }) => request);
    if (batch.length > 0) requests.push({ op: 'write', writes: batch.map(({ write }) => write) });
    this.thread.send(this.handle, requests).then(
      (answers) => {
        asked.forEach(({ resolve, reject }, i) => {
          try {
            resolve(valueOf(answers[i]));
          } catch (error) {
            reject(error);
          }
        });
        if (batch.length > 0) this.written(store, batch, answers[asked.length]);
      },
      (error: unknown) => {
        for (const { reject } of [...asked, ...batch]) reject(error);
      },
    );
  }

  private written(store: OpenStore | undefined, batch: readonly QueuedWrite[], answer: SqliteAnswer | undefined): void {
    let committed: SqliteAnswers['write'];
    try {
      if (store === undefined) throw new Error(`sqlite store ${this.file.path} is not open`);
      // The thread answers a write request with SqliteAnswers['write'].
      committed = valueOf(answer) as SqliteAnswers['write'];
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    store.revision = Math.max(store.revision, committed.revision);
    committed.results.forEach((result, i) => {
      const queued = batch[i];
      if (queued === undefined || !('revision' in result)) return;
      const event = eventOf(queued, result);
      remember(store.newest, event);
      store.watchers.publish(event);
    });
    committed.results.forEach((result, i) => settle(batch[i], result));
  }

  private opened(): OpenStore {
    if (this.store === undefined) throw new Error(`sqlite store ${this.file.path} is not open`);
    return this.store;
  }
}

/** the event a committed write published: its own value, or for a delete the value it removed */
function eventOf({ write, held }: QueuedWrite, result: Extract<WriteResult, { ok: true }>): BackendEvent {
  const { revision, createRevision } = result;
  const prev = result.prev === 'held' ? held : result.prev;
  if (write.kind === 'delete') {
    if (prev === undefined) throw new Error(`the delete of ${write.key} committed without the value it removed`);
    return { type: 'delete', kv: { ...prev, modRevision: revision }, prev, revision };
  }
  return { type: 'put', kv: { key: write.key, value: write.value, createRevision, modRevision: revision }, prev, revision };
}

function remember(newest: NewestValues, event: BackendEvent): void {
  if (event.type === 'put') newest.put(event.kv);
  else newest.delete(event.kv.key);
}

function settle(queued: QueuedWrite | undefined, result: WriteResult): void {
  if (queued === undefined) return;
  if ('error' in result) queued.reject(fromThreadError(result.error));
  else queued.resolve(result.ok ? { ok: true, revision: result.revision } : result);
}
