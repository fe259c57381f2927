import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CheckpointMessage } from './sqlite-checkpoint-protocol.ts';
import { WAL_RESTART_PAGES } from './sqlite-schema.ts';

/**
 * Stored bytes, or commits, after which the checkpoint thread is asked for a
 * pass. Values are stored twice (the object and the change log) and every
 * write dirties whole 16 KiB pages, so 1 MiB of values is 4–8 MiB of WAL, a
 * few passes per WAL_RESTART_PAGES. Each pass syncs the WAL and the file
 * once, and copies a page rewritten many times since the last pass only
 * once, so fewer passes cost less CPU in all (docs/benchmarks.md). The
 * commit count covers small writes, whose pages are few but whose commits
 * each add some.
 */
const PASS_AFTER_BYTES = 1024 * 1024;
const PASS_AFTER_COMMITS = 256;
/** a pass in progress finishes before the thread lets go of the file */
const CLOSE_WAIT_MS = 10_000;

interface CheckpointThread {
  worker: Worker;
  alive: boolean;
}

/**
 * Checkpoints one store file's WAL from a thread of its own
 * (sqlite-checkpoint-worker.mjs, one per SQLite thread).
 *
 * A checkpoint copies the WAL's pages into the file and syncs both: with
 * `synchronous = NORMAL` the commits never sync, the checkpoints do, and a
 * sync waits for the disk. Run by a commit, it held the SQLite thread, and
 * every write queued behind it, 7–12 ms every 4 MiB of WAL: under 64
 * concurrent creates the event loop then ran out of work for a fifth of the
 * time. The checkpoint thread copies the WAL meanwhile. SQLite starts the
 * WAL over only once all of it is in the file, which a copy racing the
 * commits rarely leaves it: so every WAL_RESTART_PAGES the checkpoint thread
 * stops, and the commit after that checkpoints what came since its last
 * pass, which is short to copy and sync. Should the thread fail, the
 * connection's own `wal_autocheckpoint` still bounds the WAL.
 */
export class BackgroundCheckpoints {
  private static thread: CheckpointThread | undefined;
  private static nextId = 1;
  private readonly restartDue = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private bytes = 0;
  private commits = 0;
  /** the WAL is all in the file: the next commit starts it over */
  private restarting = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly thread: CheckpointThread,
    private readonly id: number,
  ) {}

  /** background checkpoints of the file at `path`, which `db` has open in WAL mode */
  static start(db: Database.Database, path: string, fsync: boolean): BackgroundCheckpoints {
    const checkpoints = new BackgroundCheckpoints(db, BackgroundCheckpoints.started(), BackgroundCheckpoints.nextId++);
    checkpoints.post({ op: 'open', id: checkpoints.id, path, fsync, restartPages: WAL_RESTART_PAGES, restartDue: checkpoints.restartDue });
    return checkpoints;
  }

  /** a transaction of `db` committed `bytes` of values */
  committed(bytes: number): void {
    if (Atomics.load(this.restartDue, 0) === 1) {
      if (this.restarting) {
        // This commit started the WAL over: the checkpoint thread may go on.
        this.restarting = false;
        Atomics.store(this.restartDue, 0, 0);
      } else {
        // The checkpoint thread is idle, and no commit can come in between: all of the WAL gets
        // copied. The thread stays idle until the next commit has started the WAL over, which
        // SQLite skips while another connection reads, as a pass does.
        this.db.pragma('wal_checkpoint(PASSIVE)');
        this.restarting = true;
      }
    }
    this.bytes += bytes;
    this.commits += 1;
    if (this.bytes < PASS_AFTER_BYTES && this.commits < PASS_AFTER_COMMITS) return;
    this.bytes = 0;
    this.commits = 0;
    this.post({ op: 'pass', id: this.id });
  }

  /** Returns once the checkpoint thread has let go of the file, so that closing `db`, the file's last connection, checkpoints the rest and removes the WAL. */
  stop(): void {
    const closed = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    if (!this.post({ op: 'close', id: this.id, closed })) return;
    // Only a close waits, and at most for one pass.
    Atomics.wait(closed, 0, 0, CLOSE_WAIT_MS);
  }

  private post(message: CheckpointMessage): boolean {
    if (!this.thread.alive) return false;
    this.thread.worker.postMessage(message);
    return true;
  }

  private static started(): CheckpointThread {
    const current = BackgroundCheckpoints.thread;
    if (current?.alive === true) return current;
    const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url));
    // Checkpoints are owed to no one: they never keep the process alive.
    worker.unref();
    const thread = { worker, alive: true };
    worker.on('error', (error) => {
      process.emitWarning(`the SQLite checkpoint thread failed (${error.message}); commits checkpoint the WAL themselves`, { code: 'KUBERNEL_SQLITE_CHECKPOINT' });
    });
    worker.on('exit', () => {
      thread.alive = false;
    });
    BackgroundCheckpoints.thread = thread;
    return thread;
  }
}
