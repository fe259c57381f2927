// @ts-check
// The checkpoint thread (see BackgroundCheckpoints). JavaScript, unlike the
// rest of the store: written when a thread that registered tsx's module hooks
// cost about 35 MiB against 16 for a plain one. tsx's require hook, which the
// SQLite thread now uses, costs about 17, so this could be TypeScript loaded
// the same way. tsc checks it (tsconfig.workers.json).
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * On its own connection to each store file, this thread copies what the WAL
 * holds into the file while the SQLite thread goes on committing. A PASSIVE
 * checkpoint takes no lock a writer needs, so the commits never wait for it,
 * and it syncs the WAL and the file as the connection's `synchronous` says,
 * as a commit's own checkpoint would.
 *
 * @typedef {import('./sqlite-checkpoint-protocol.ts').CheckpointMessage} CheckpointMessage
 * @typedef {object} WatchedFile
 * @property {string} path
 * @property {boolean} fsync
 * @property {number} restartPages
 * @property {Int32Array} restartDue set while the SQLite thread owes the checkpoint that lets the WAL start over
 * @property {number} frames the WAL's length at the last pass
 * @property {Database.Database | undefined} db
 * @property {boolean} stopped a pass failed: the commits' own checkpoints carry on alone
 */

/** @type {Map<number, WatchedFile>} */
const files = new Map();
/** @type {Set<number>} */
const due = new Set();
let passesScheduled = false;

/** @param {CheckpointMessage} message */
function received(message) {
  switch (message.op) {
    case 'open':
      files.set(message.id, { path: message.path, fsync: message.fsync, restartPages: message.restartPages, restartDue: message.restartDue, frames: 0, db: undefined, stopped: false });
      return;
    case 'pass':
      if (!files.has(message.id)) return;
      due.add(message.id);
      schedulePasses();
      return;
    case 'close':
      try {
        const file = files.get(message.id);
        files.delete(message.id);
        due.delete(message.id);
        file?.db?.close();
      } finally {
        Atomics.store(message.closed, 0, 1);
        Atomics.notify(message.closed, 0);
      }
  }
}

/** Passes asked for while one ran queue up as messages: they are all read before the next pass, which covers them all. */
function schedulePasses() {
  if (passesScheduled) return;
  passesScheduled = true;
  setImmediate(() => {
    passesScheduled = false;
    for (const id of [...due]) {
      due.delete(id);
      const file = files.get(id);
      if (file !== undefined) pass(file);
    }
  });
}

/**
 * Copies what the WAL holds. SQLite starts the WAL over only once all of it
 * is in the file, which a pass racing the commits rarely leaves it; so once
 * the WAL is long, the passes stop and the SQLite thread, after its next
 * commit, checkpoints the little that is left itself.
 *
 * @param {WatchedFile} file
 */
function pass(file) {
  if (file.stopped || Atomics.load(file.restartDue, 0) === 1) return;
  try {
    file.db ??= connect(file);
    const frames = walFrames(file.db.pragma('wal_checkpoint(PASSIVE)'));
    // The WAL grows by about as much again before the next pass: stop at the pass that would
    // see it past restartPages, so that it starts over near that length, not a pass later.
    const growth = Math.max(0, frames - file.frames);
    file.frames = frames;
    if (frames + growth >= file.restartPages) Atomics.store(file.restartDue, 0, 1);
  } catch (error) {
    file.stopped = true;
    file.db?.close();
    file.db = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    process.emitWarning(`background checkpoints of ${file.path} stopped (${reason}); its commits checkpoint the WAL themselves`, { code: 'KUBERNEL_SQLITE_CHECKPOINT' });
  }
}

/**
 * The WAL's length in pages, from what `PRAGMA wal_checkpoint` answers: one row of busy, log and checkpointed.
 *
 * @param {unknown} answer
 * @returns {number}
 */
function walFrames(answer) {
  const row = Array.isArray(answer) ? answer[0] : undefined;
  const log = typeof row === 'object' && row !== null && 'log' in row ? row.log : undefined;
  if (typeof log !== 'number') throw new Error(`wal_checkpoint answered ${JSON.stringify(answer)}`);
  return log;
}

/**
 * @param {WatchedFile} file
 * @returns {Database.Database}
 */
function connect(file) {
  const db = new Database(file.path, { fileMustExist: true, timeout: 1_000 });
  // A checkpoint syncs as the connection that runs it is set to.
  db.pragma(`synchronous = ${file.fsync ? 'FULL' : 'NORMAL'}`);
  return db;
}

const port = parentPort;
if (port === null) throw new Error('sqlite-checkpoint-worker.mjs runs as a worker thread');
port.on('message', received);
