import { ChunkedBodyDecoder } from './chunked-body.ts';

/** One HTTP/1.1 response, read whole. */
export interface Http1Response {
  status: number;
  body: Buffer;
  /** the server said `connection: close`: the connection serves no further request */
  closes: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');

export interface ResponseHead {
  status: number;
  /** where the body starts in the bytes held */
  bodyStart: number;
  /** the body's length, or 'chunked' */
  framing: number | 'chunked';
  closes: boolean;
}

/**
 * Reads one HTTP/1.1 response at a time from the bytes of a connection, as
 * they arrive: the status, the body framed by Content-Length or chunked
 * transfer coding, and whether the server closes. No pipelining: bytes past
 * the response are an error, as is a body that only the end of the
 * connection would frame.
 */
export class Http1ResponseReader {
  /** the head's bytes until it is complete, then a sized body's bytes so far */
  private held: Buffer | undefined;
  private head: ResponseHead | undefined;
  /** a chunked body's decoder and the data it handed on (ranges of the bytes pushed, which are the reader's to keep) */
  private chunked: { decoder: ChunkedBodyDecoder; parts: Buffer[] } | undefined;

  /** The response `chunk` completes, or undefined while more bytes are needed; throws on bytes that are not a response. */
  push(chunk: Buffer): Http1Response | undefined {
    if (this.head !== undefined) return this.readBody(this.head, chunk);
    const bytes = this.held === undefined ? chunk : Buffer.concat([this.held, chunk]);
    const head = parseResponseHead(bytes);
    if (head === undefined) {
      this.held = bytes;
      return undefined;
    }
    this.head = head;
    this.held = undefined;
    if (head.framing === 'chunked') {
      const parts: Buffer[] = [];
      this.chunked = { decoder: new ChunkedBodyDecoder((data, start, end) => parts.push(data.subarray(start, end))), parts };
    }
    return this.readBody(head, bytes.subarray(head.bodyStart));
  }

  /** Whether part of a response has arrived and not all of it. */
  get midResponse(): boolean {
    return this.head !== undefined || this.held !== undefined;
  }

  private readBody(head: ResponseHead, bytes: Buffer): Http1Response | undefined {
    let body: Buffer;
    if (this.chunked !== undefined) {
      // Bytes past the last chunk are refused by the decoder.
      this.chunked.decoder.push(bytes);
      if (!this.chunked.decoder.ended) return undefined;
      const { parts } = this.chunked;
      body = parts.length === 1 ? (parts[0] ?? Buffer.alloc(0)) : Buffer.concat(parts);
    } else {
      const length = head.framing === 'chunked' ? 0 : head.framing;
      const held = this.held === undefined ? bytes : Buffer.concat([this.held, bytes]);
      if (held.length < length) {
        this.held = held;
        return undefined;
      }
      if (held.length > length) throw new Error(`${held.length - length} bytes after the response (no request was pipelined)`);
      body = held;
    }
    this.head = undefined;
    this.held = undefined;
    this.chunked = undefined;
    return { status: head.status, body, closes: head.closes };
  }
}

/** The status line and framing headers at the start of `bytes`, or undefined while the head is incomplete; throws on bytes that are not a response head. */
export function parseResponseHead(bytes: Buffer): ResponseHead | undefined {
  const end = bytes.indexOf(HEAD_END);
  if (end < 0) return undefined;
  const lines = bytes.toString('latin1', 0, end).split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (statusLine === null) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  let length: number | undefined;
  let chunked = false;
  let closes = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`not a header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === 'content-length') {
      const value = line.slice(colon + 1).trim();
      if (!/^\d+$/.test(value)) throw new Error(`bad content-length: ${JSON.stringify(value)}`);
      length = Number(value);
    } else if (name === 'transfer-encoding') chunked = hasToken(line.slice(colon + 1), 'chunked');
    else if (name === 'connection') closes = hasToken(line.slice(colon + 1), 'close');
  }
  const status = Number(statusLine[1]);
  // RFC 9112 6.3: these have no body whatever the headers say.
  const bodiless = status === 204 || status === 304 || (status >= 100 && status < 200);
  if (!bodiless && !chunked && length === undefined) throw new Error(`HTTP ${status} without Content-Length or chunked coding: only the connection's end would frame its body`);
  return { status, bodyStart: end + HEAD_END.length, framing: bodiless ? 0 : chunked ? 'chunked' : (length ?? 0), closes };
}

/** Whether the comma-separated header value holds `token`, in any case. */
function hasToken(value: string, token: string): boolean {
  return value.split(',').some((item) => item.trim().toLowerCase() === token);
}
