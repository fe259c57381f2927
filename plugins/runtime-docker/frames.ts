/**
 * Docker's multiplexed stream format (logs and exec of a container without a
 * TTY): frames of an 8-byte header — stream type (1 stdout, 2 stderr), three
 * zero bytes, a big-endian payload length — followed by the payload.
 */
export type FrameStream = 'stdout' | 'stderr';

export interface Frame {
  stream: FrameStream;
  payload: Buffer;
}

const HEADER_LENGTH = 8;

/** Splits a multiplexed byte stream into frames, whatever the chunk boundaries. */
export class FrameParser {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER_LENGTH) {
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER_LENGTH + length) break;
      // stdin (0) never comes back; anything but stderr is output
      const stream: FrameStream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      frames.push({ stream, payload: this.pending.subarray(HEADER_LENGTH, HEADER_LENGTH + length) });
      this.pending = this.pending.subarray(HEADER_LENGTH + length);
    }
    return frames;
  }
}

/** All frames of a complete buffer, in order. */
export function parseFrames(buffer: Buffer): Frame[] {
  return new FrameParser().push(buffer);
}
