import type { ServerResponse } from 'node:http';

const CRLF = Buffer.from('\r\n', 'latin1');

/** Chunks by their data: one event's line is framed once for all the watchers it goes to. */
const framedChunks = new WeakMap<Buffer, Buffer>();

/** `data` as one HTTP/1.1 chunk: its length in hex, CRLF, the data, CRLF. */
export function chunkOf(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]);
}

/** chunkOf, kept for as long as `data` lives: for bytes shared by many streams. */
function sharedChunkOf(data: Buffer): Buffer {
  let chunk = framedChunks.get(data);
  if (chunk === undefined) {
    chunk = chunkOf(data);
    framedChunks.set(data, chunk);
  }
  return chunk;
}

/**
 * Writes the body of a chunked response whose headers have been sent. With
 * a thousand watchers, res.write framed each event again for each of them
 * (four sends per write); this writes each one's chunk, framed once per
 * event, straight to the connection. As res.write does, the connection is
 * corked until the end of the tick, so the events one stream gets in a
 * burst (a busy `kubectl get -w`) go out in one write. res.end() still
 * writes the last chunk. A response that holds bytes of its own (its
 * connection was still serving an earlier response when this one began)
 * keeps res.write for good, so nothing overtakes them. Returns the bytes
 * waiting to be sent, for backpressure.
 */
export function chunkWriter(res: ServerResponse): (data: Buffer | string) => number {
  const socket = res.socket;
  const direct = socket !== null && res.writableLength === socket.writableLength;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket?.uncork();
  };
  return (data) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    // A chunk of no bytes would end the body.
    if (bytes.length === 0) return res.writableLength;
    if (!direct || socket === null) {
      res.write(bytes);
      return res.writableLength;
    }
    if (socket.destroyed) return socket.writableLength;
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    socket.write(typeof data === 'string' ? chunkOf(bytes) : sharedChunkOf(data));
    return socket.writableLength;
  };
}
