import { Worker } from 'node:worker_threads';
import { fromThreadError, type SqliteAnswer, type SqliteMessage, type SqliteReply, type SqliteRequest } from './sqlite-worker-protocol.ts';

/**
 * The main thread's end of the SQLite thread (sqlite-worker.ts), which
 * every SqliteBackend of the process shares: one thread starts once, not
 * once per store a test opens. Messages are answered in the order they are
 * sent. The thread keeps the process alive only while a message is pending.
 */
export class SqliteThread {
  private static instance: SqliteThread | undefined;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (answers: SqliteAnswer[]) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private nextHandle = 1;

  static shared(): SqliteThread {
    SqliteThread.instance ??= new SqliteThread();
    return SqliteThread.instance;
  }

  /** a name for one store file's requests */
  newHandle(): number {
    return this.nextHandle++;
  }

  /** runs `requests` in order on the file `handle` names; each answer in order, or the thread's death */
  send(handle: number, requests: SqliteRequest[]): Promise<SqliteAnswer[]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<SqliteAnswer[]>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      const message: SqliteMessage = { id, handle, requests };
      worker.postMessage(message);
    });
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./sqlite-worker-boot.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (reply: SqliteReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the SQLite thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: SqliteReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    waiting.resolve(reply.answers);
  }

  /** the thread died: every message waiting on it fails, and the next starts a new thread (with no file open) */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(error);
  }
}

/** an answer's value, or its error thrown */
export function valueOf(answer: SqliteAnswer | undefined): unknown {
  if (answer === undefined) throw new Error('the SQLite thread gave no answer');
  if (!answer.ok) throw fromThreadError(answer.error);
  return answer.value;
}
