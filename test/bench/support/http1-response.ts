/** One HTTP/1.1 response, read whole. */
export interface Http1Response {
  status: number;
  body: Buffer;
  /** the server said `connection: close`: the connection serves no further request */
  closes: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

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
  private held: Buffer | undefined;
  private head: ResponseHead | undefined;

  /** The response `chunk` completes, or undefined while more bytes are needed; throws on bytes that are not a response. */
  push(chunk: Buffer): Http1Response | undefined {
    const bytes = this.held === undefined ? chunk : Buffer.concat([this.held, chunk]);
    this.held = bytes;
    this.head ??= parseResponseHead(bytes);
    const head = this.head;
    if (head === undefined) return undefined;
    const body = head.framing === 'chunked' ? dechunk(bytes, head.bodyStart) : sized(bytes, head.bodyStart, head.framing);
    if (body === undefined) return undefined;
    if (body.end !== bytes.length) throw new Error(`${bytes.length - body.end} bytes after the response (no request was pipelined)`);
    this.held = undefined;
    this.head = undefined;
    return { status: head.status, body: body.content, closes: head.closes };
  }

  /** Whether part of a response has arrived and not all of it. */
  get midResponse(): boolean {
    return this.held !== undefined;
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

function sized(bytes: Buffer, start: number, length: number): { content: Buffer; end: number } | undefined {
  const end = start + length;
  return bytes.length < end ? undefined : { content: bytes.subarray(start, end), end };
}

/** The chunked body from `start`, or undefined when its last chunk has not arrived; trailers are skipped. */
function dechunk(bytes: Buffer, start: number): { content: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf(LINE_END, at);
    if (lineEnd < 0) return undefined;
    const sizeText = bytes.toString('latin1', at, lineEnd).split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`bad chunk size: ${JSON.stringify(sizeText.slice(0, 20))}`);
    const size = parseInt(sizeText, 16);
    at = lineEnd + LINE_END.length;
    if (size === 0) {
      // Trailer lines, then an empty line.
      for (;;) {
        const trailerEnd = bytes.indexOf(LINE_END, at);
        if (trailerEnd < 0) return undefined;
        const empty = trailerEnd === at;
        at = trailerEnd + LINE_END.length;
        if (empty) return { content: parts.length === 1 ? (parts[0] ?? Buffer.alloc(0)) : Buffer.concat(parts), end: at };
      }
    }
    if (bytes.length < at + size + LINE_END.length) return undefined;
    parts.push(bytes.subarray(at, at + size));
    if (bytes[at + size] !== 13 || bytes[at + size + 1] !== 10) throw new Error('a chunk does not end with CRLF');
    at += size + LINE_END.length;
  }
}
