const CR = 0x0d;
const LF = 0x0a;
/** a chunk-size line longer than this is not one (16 hex digits and room for an extension) */
const MAX_SIZE_LINE = 256;

type State = 'size' | 'data' | 'data-end' | 'trailers' | 'done';

/**
 * Decodes an HTTP/1.1 chunked body as its bytes arrive, handing each piece of
 * chunk data on as a range of the bytes read, without copying it: a watch
 * stream is one long chunked body, and a watcher that waited for whole
 * responses would never see an event. Only a chunk-size line cut across two
 * reads is kept aside. Trailers are skipped.
 */
export class ChunkedBodyDecoder {
  private state: State = 'size';
  private sizeLine = '';
  /** data bytes of the current chunk not yet read */
  private remaining = 0;
  /** CRLF bytes after the current chunk's data not yet read */
  private endBytes = 0;
  private trailerLineEmpty = true;

  constructor(private readonly onData: (bytes: Buffer, start: number, end: number) => void) {}

  /** whether the last chunk (size 0) and its trailers have been read */
  get ended(): boolean {
    return this.state === 'done';
  }

  /** Reads bytes[start, end); throws on bytes that are not chunked coding, and on bytes after the body's end. */
  push(bytes: Buffer, start = 0, end = bytes.length): void {
    let at = start;
    while (at < end) {
      switch (this.state) {
        case 'size':
          at = this.readSizeLine(bytes, at, end);
          break;
        case 'data': {
          const stop = Math.min(end, at + this.remaining);
          this.remaining -= stop - at;
          this.onData(bytes, at, stop);
          at = stop;
          if (this.remaining === 0) {
            this.state = 'data-end';
            this.endBytes = 2;
          }
          break;
        }
        case 'data-end': {
          const expected = this.endBytes === 2 ? CR : LF;
          if (bytes[at] !== expected) throw new Error('a chunk does not end with CRLF');
          at++;
          this.endBytes--;
          if (this.endBytes === 0) this.state = 'size';
          break;
        }
        case 'trailers':
          at = this.readTrailers(bytes, at, end);
          break;
        case 'done':
          throw new Error(`${end - at} bytes after the end of the chunked body`);
      }
    }
  }

  private readSizeLine(bytes: Buffer, at: number, end: number): number {
    const lf = bytes.indexOf(LF, at);
    if (lf < 0 || lf >= end) {
      this.sizeLine += bytes.toString('latin1', at, end);
      if (this.sizeLine.length > MAX_SIZE_LINE) throw new Error('a chunk-size line that does not end');
      return end;
    }
    const line = this.sizeLine + bytes.toString('latin1', at, lf);
    this.sizeLine = '';
    if (!line.endsWith('\r')) throw new Error('a chunk-size line that does not end with CRLF');
    const sizeText = (line.slice(0, -1).split(';')[0] ?? '').trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw new Error(`bad chunk size: ${JSON.stringify(sizeText.slice(0, 20))}`);
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      this.state = 'trailers';
      this.trailerLineEmpty = true;
    } else {
      this.state = 'data';
      this.remaining = size;
    }
    return lf + 1;
  }

  /** Skips trailer lines up to the empty line that ends the body. */
  private readTrailers(bytes: Buffer, at: number, end: number): number {
    let position = at;
    while (position < end) {
      const byte = bytes[position];
      position++;
      if (byte === LF) {
        if (this.trailerLineEmpty) {
          this.state = 'done';
          return position;
        }
        this.trailerLineEmpty = true;
      } else if (byte !== CR) {
        this.trailerLineEmpty = false;
      }
    }
    return position;
  }
}
