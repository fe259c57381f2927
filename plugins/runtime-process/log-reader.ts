import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { LogOptions } from '../../core/index.ts';
import { formatCriLogRecord, parseCriLogLine } from './cri-log.ts';
import { isErrno } from './state-dir.ts';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export interface LogReadSource {
  path: string;
  /** whether the writer is done for good (the container exited or is gone): a followed log then ends */
  finished(): Promise<boolean>;
  /** how often a followed log looks for more */
  pollMs?: number;
}

/**
 * Reads a CRI log file as kubelet's `ReadLogs` does: records from the
 * tailLines-th last on (a record is a line of the file), those older than
 * sinceSeconds left out, each printed with its time when asked; with follow,
 * it waits for more until the writer is finished and everything is read.
 */
export function readCriLog(source: LogReadSource, options: LogOptions, signal?: AbortSignal): Readable {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted === true) stop.abort();
  const iterator = records(source, options, stop.signal);
  // Not Readable.from: its destroy waits for the generator to reach a yield, which a follow with nothing new never does.
  return new Readable({
    read() {
      iterator.next().then(
        (result) => this.push(result.done === true ? null : result.value),
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
    destroy(error, callback) {
      stop.abort();
      signal?.removeEventListener('abort', onAbort);
      // Closes the file whether the generator is waiting at a yield or (now stopping) in its loop.
      iterator.return(undefined).catch(() => undefined);
      callback(error);
    },
  });
}

async function* records(source: LogReadSource, options: LogOptions, stop: AbortSignal): AsyncGenerator<Buffer> {
  const sinceMs = options.sinceSeconds === undefined ? undefined : Date.now() - options.sinceSeconds * 1000;
  let handle = await openIfExists(source.path);
  try {
    let position = handle !== undefined && options.tailLines !== undefined ? await tailOffset(handle, options.tailLines) : 0;
    let pending: Buffer = Buffer.alloc(0);
    let draining = false;
    const buffer = Buffer.alloc(CHUNK_BYTES);
    while (!stop.aborted) {
      handle ??= await openIfExists(source.path);
      const bytesRead = handle === undefined ? 0 : (await handle.read(buffer, 0, CHUNK_BYTES, position)).bytesRead;
      if (bytesRead > 0) {
        position += bytesRead;
        const { output, rest } = splitRecords(Buffer.concat([pending, buffer.subarray(0, bytesRead)]), options.timestamps, sinceMs);
        pending = rest;
        if (output.length > 0) yield output;
        continue;
      }
      // At the end of what is written: done, or wait for more, or read once more after the writer finished.
      if (!options.follow || draining) return;
      if (await source.finished()) {
        draining = true;
        continue;
      }
      await sleep(source.pollMs ?? 100, stop);
    }
  } finally {
    await handle?.close();
  }
}

/** The printable output of the complete lines in `data`, and what follows the last newline. */
function splitRecords(data: Buffer, timestamps: boolean, sinceMs: number | undefined): { output: Buffer; rest: Buffer } {
  const out: Buffer[] = [];
  let start = 0;
  for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, start)) {
    const record = parseCriLogLine(data.subarray(start, newline));
    start = newline + 1;
    if (record === undefined || (sinceMs !== undefined && record.timeMs < sinceMs)) continue;
    out.push(formatCriLogRecord(record, timestamps));
  }
  return { output: Buffer.concat(out), rest: Buffer.from(data.subarray(start)) };
}

/** Where the last `lines` complete records begin; a record still being written is not counted. */
export async function tailOffset(handle: FileHandle, lines: number): Promise<number> {
  let end = (await handle.stat()).size;
  // The newline ending the last complete record is the first found; the (lines+1)-th ends the record before the tail.
  let wanted = Math.max(0, Math.floor(lines)) + 1;
  const buffer = Buffer.alloc(CHUNK_BYTES);
  while (end > 0) {
    const start = Math.max(0, end - CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buffer[i] === NEWLINE && --wanted === 0) return start + i + 1;
    }
    end = start;
  }
  return 0;
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function sleep(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    }
  });
}
