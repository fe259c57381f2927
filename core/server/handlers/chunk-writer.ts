import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Bytes framed as an HTTP/1.1 chunk by httpChunk: chunkWriter takes no other Buffer. */
export type HttpChunk = Buffer & { readonly framedAsHttpChunk: true };

/**
 * `text` as one HTTP/1.1 chunk: its byte length in hex, CRLF, the text,
 * CRLF, made in one allocation. A watch event's chunk is made once and
 * written to every watcher (see CachedEvent.wireLine). Not for '': a chunk
 * of no bytes ends the body.
 */
export function httpChunk(text: string): HttpChunk {
  const length = Buffer.byteLength(text);
  const head = `${length.toString(16)}\r\n`;
  const chunk = Buffer.allocUnsafe(head.length + length + 2);
  chunk.write(head, 0, 'latin1');
  chunk.write(text, head.length, 'utf8');
  chunk.write('\r\n', head.length + length, 'latin1');
  return chunk as HttpChunk;
}

/** the data of a chunk made by httpChunk, without copying it */
function payloadOf(chunk: HttpChunk): Buffer {
  return chunk.subarray(chunk.indexOf(0x0a) + 1, chunk.length - 2);
}

/** The body of a chunked response whose headers have been sent, written through chunkWriter. */
export interface ChunkWriter {
  /** Writes text, or a chunk made by httpChunk; returns the bytes waiting to be sent, for backpressure. */
  write(data: HttpChunk | string): number;
  /** Sends what waits, then ends the body (res.end() writes the last chunk). */
  end(): void;
}

/** Writers holding chunks until the end of this tick; one nextTick sends them all. */
const waitingWriters: DirectChunkWriter[] = [];
let flushScheduled = false;

function flushWaitingWriters(): void {
  flushScheduled = false;
  // By the live length: a writer that a flush's write adds (none does today) is flushed by this loop too.
  for (let i = 0; i < waitingWriters.length; i++) waitingWriters[i]?.flush();
  waitingWriters.length = 0;
}

/**
 * Writes each chunk, framed once, straight to the connection. The chunks a
 * stream gets in one tick (a busy `kubectl get -w`) wait for the end of the
 * tick and go out in one write; a tick's writers are flushed together by
 * one nextTick, where corking each socket took a nextTick and a writev of
 * its own per watcher and event.
 */
class DirectChunkWriter implements ChunkWriter {
  private first: Buffer | undefined;
  private more: Buffer[] | undefined;
  private waitingBytes = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly socket: Socket,
  ) {}

  write(data: HttpChunk | string): number {
    // A chunk of no bytes would end the body.
    if (data.length === 0 || this.socket.destroyed) return this.socket.writableLength + this.waitingBytes;
    const chunk = typeof data === 'string' ? httpChunk(data) : data;
    if (this.first === undefined) {
      this.first = chunk;
      waitingWriters.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        process.nextTick(flushWaitingWriters);
      }
    } else (this.more ??= []).push(chunk);
    this.waitingBytes += chunk.length;
    return this.socket.writableLength + this.waitingBytes;
  }

  flush(): void {
    const first = this.first;
    if (first === undefined) return;
    const more = this.more;
    this.first = undefined;
    this.more = undefined;
    this.waitingBytes = 0;
    if (this.socket.destroyed) return;
    this.socket.write(more === undefined ? first : Buffer.concat([first, ...more]));
  }

  end(): void {
    this.flush();
    this.res.end();
  }
}

/** A response that holds bytes of its own: everything through res.write, in order behind them. */
class ResponseChunkWriter implements ChunkWriter {
  constructor(private readonly res: ServerResponse) {}

  write(data: HttpChunk | string): number {
    if (data.length === 0) return this.res.writableLength;
    this.res.write(typeof data === 'string' ? data : payloadOf(data));
    return this.res.writableLength;
  }

  end(): void {
    this.res.end();
  }
}

/**
 * The writer of a chunked body whose headers have been sent. With a thousand
 * watchers, res.write framed each event again for each of them (four sends
 * per write); the direct writer sends each event's chunk, framed once. A
 * response that holds bytes of its own (its connection was still serving an
 * earlier response when this one began) keeps res.write for good, so nothing
 * overtakes them.
 */
export function chunkWriter(res: ServerResponse): ChunkWriter {
  const socket = res.socket;
  const direct = socket !== null && res.writableLength === socket.writableLength;
  return direct ? new DirectChunkWriter(res, socket) : new ResponseChunkWriter(res);
}
