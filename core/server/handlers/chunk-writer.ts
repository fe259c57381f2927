import type { ServerResponse } from 'node:http';

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

/**
 * Writes the body of a chunked response whose headers have been sent: text,
 * or chunks made by httpChunk. With a thousand watchers, res.write framed
 * each event again for each of them (four sends per write); this writes each
 * event's chunk, framed once, straight to the connection. As res.write does,
 * the connection is corked until the end of the tick, so the events one
 * stream gets in a burst (a busy `kubectl get -w`) go out in one write.
 * res.end() still writes the last chunk. A response that holds bytes of its
 * own (its connection was still serving an earlier response when this one
 * began) keeps res.write for good, so nothing overtakes them. Returns the
 * bytes waiting to be sent, for backpressure.
 */
export function chunkWriter(res: ServerResponse): (data: HttpChunk | string) => number {
  const socket = res.socket;
  const direct = socket !== null && res.writableLength === socket.writableLength;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket?.uncork();
  };
  return (data) => {
    // A chunk of no bytes would end the body.
    if (data.length === 0) return res.writableLength;
    const chunk = typeof data === 'string' ? httpChunk(data) : data;
    if (!direct || socket === null) {
      res.write(payloadOf(chunk));
      return res.writableLength;
    }
    if (socket.destroyed) return socket.writableLength;
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    socket.write(chunk);
    return socket.writableLength;
  };
}
