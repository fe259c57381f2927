import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a newline-delimited JSON stream into lines as its chunks arrive. A
 * chunk may end inside a line or inside a multi-byte UTF-8 character: the
 * decoder holds the incomplete bytes back and the splitter the incomplete line.
 */
export class NdjsonLines {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  /** The complete, non-blank lines this chunk finishes, in order. */
  push(chunk: Buffer): string[] {
    const decoded = this.decoder.write(chunk);
    // A large object arrives in many chunks: do not rescan what is pending until its line ends.
    if (!decoded.includes('\n')) {
      this.pending += decoded;
      return [];
    }
    const text = this.pending + decoded;
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '');
  }

  /** What is left once the stream has ended: a last line without its newline, if any. */
  end(): string | undefined {
    const rest = (this.pending + this.decoder.end()).trim();
    this.pending = '';
    return rest === '' ? undefined : rest;
  }
}
