import { parentPort } from 'node:worker_threads';
import { SqliteFile } from './sqlite-file.ts';
import { toThreadError, type SqliteAnswer, type SqliteAnswers, type SqliteMessage, type SqliteReply, type SqliteRequest } from './sqlite-worker-protocol.ts';

/**
 * The thread that owns every SQLite file of the process (see
 * SqliteBackend): it runs each request to the end before the next, so a
 * read answers after every write sent before it, and answers in the order
 * it was asked.
 */
const files = new Map<number, SqliteFile>();

function fileOf(handle: number): SqliteFile {
  const file = files.get(handle);
  if (file === undefined) throw new Error('the sqlite store is not open');
  return file;
}

function answer(handle: number, request: SqliteRequest): SqliteAnswers[SqliteRequest['op']] {
  switch (request.op) {
    case 'open': {
      const file = new SqliteFile(request.options);
      files.set(handle, file);
      return file.replayable();
    }
    case 'close':
      files.get(handle)?.close();
      files.delete(handle);
      return undefined;
    case 'get':
      return fileOf(handle).get(request.key);
    case 'modRevision':
      return fileOf(handle).modRevision(request.key);
    case 'range':
      return fileOf(handle).range(request.prefix, request.options);
    case 'count':
      return fileOf(handle).count(request.prefix);
    case 'write':
      return fileOf(handle).write(request.writes);
    case 'compact':
      return fileOf(handle).compact(request.revision);
    case 'verify':
      return fileOf(handle).verify(request.mode);
  }
}

function settled(handle: number, request: SqliteRequest): SqliteAnswer {
  try {
    return { ok: true, value: answer(handle, request) };
  } catch (error) {
    return { ok: false, error: toThreadError(error) };
  }
}

const port = parentPort;
if (port === null) throw new Error('sqlite-worker.ts runs as a worker thread');
port.on('message', ({ id, handle, requests }: SqliteMessage) => {
  const reply: SqliteReply = { id, answers: requests.map((request) => settled(handle, request)) };
  port.postMessage(reply);
});
