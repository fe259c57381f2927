const NEWLINE = 0x0a;

/**
 * Splits a byte stream into newline-terminated lines without decoding it:
 * a watcher scans each event for a few markers, and decoding 1,000 streams
 * of 1 KiB events to strings would cost the load generator more CPU than the
 * markers are worth. Only a line cut across two chunks is copied.
 */
export class LineSplitter {
  private tail: Buffer | undefined;

  constructor(private readonly onLine: (bytes: Buffer, start: number, end: number) => void) {}

  push(chunk: Buffer): void {
    let bytes = chunk;
    let start = 0;
    if (this.tail !== undefined) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.tail = Buffer.concat([this.tail, chunk]);
        return;
      }
      bytes = Buffer.concat([this.tail, chunk.subarray(0, newline + 1)]);
      this.tail = undefined;
      this.onLine(bytes, 0, bytes.length - 1);
      bytes = chunk;
      start = newline + 1;
    }
    let newline = bytes.indexOf(NEWLINE, start);
    while (newline >= 0) {
      this.onLine(bytes, start, newline);
      start = newline + 1;
      newline = bytes.indexOf(NEWLINE, start);
    }
    if (start < bytes.length) this.tail = Buffer.from(bytes.subarray(start));
  }
}

/**
 * The text between `marker` and the next `"` inside bytes[start, end), or
 * undefined when the marker is not in that line.
 */
export function valueAfter(bytes: Buffer, start: number, end: number, marker: Buffer): string | undefined {
  const at = bytes.indexOf(marker, start);
  if (at < 0 || at + marker.length > end) return undefined;
  const from = at + marker.length;
  const quote = bytes.indexOf(0x22, from);
  if (quote < 0 || quote > end) return undefined;
  return bytes.toString('latin1', from, quote);
}

/** Whether `marker` occurs inside bytes[start, end). */
export function lineContains(bytes: Buffer, start: number, end: number, marker: Buffer): boolean {
  const at = bytes.indexOf(marker, start);
  return at >= 0 && at + marker.length <= end;
}
