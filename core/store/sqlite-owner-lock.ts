import Database from 'better-sqlite3';

/**
 * Keeps a second process, or a second store of this one, off a store file.
 *
 * The file's own connection cannot hold SQLite's exclusive lock on it: the
 * background checkpointer (sqlite-checkpoint-worker.mjs) needs a connection
 * of its own to the same file. So a small companion database,
 * `<file>-lock`, is opened in exclusive locking mode and locked by one
 * empty exclusive transaction; its connection then keeps the lock until it
 * closes. The lock is the operating
 * system's, which drops it when the process dies, kill -9 included, so a
 * crashed server never leaves a lock behind.
 */
export class OwnerLock {
  private constructor(private readonly db: Database.Database) {}

  /** takes the lock on `storePath`, or throws when someone holds it */
  static take(storePath: string): OwnerLock {
    const lockPath = `${storePath}-lock`;
    // No one else should hold the file, so waiting long for its lock only delays the error.
    const db = new Database(lockPath, { timeout: 1_000 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // Nothing is ever written to it: a journal on disk would only be a second file held open.
      db.pragma('journal_mode = MEMORY');
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
        throw new Error(`store file ${storePath} is locked: another process, or another store of this one, has it open (it holds ${lockPath})`);
      }
      throw error;
    }
    return new OwnerLock(db);
  }

  release(): void {
    this.db.close();
  }
}
