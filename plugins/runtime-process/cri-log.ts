/**
 * The CRI container log format, kubelet's own (what containerd writes under
 * /var/log/pods): one record per line, `TIME STREAM TAG CONTENT`, e.g.
 * `2016-10-06T00:17:09.669794202Z stdout F log line`, where TIME is RFC 3339
 * with nanoseconds and TAG is F for a full line or P for a piece of one
 * (a line too long, or output that ended without a newline).
 */

export interface CriLogRecord {
  /** the time exactly as written, RFC 3339 */
  time: string;
  /** milliseconds since the epoch, for sinceSeconds */
  timeMs: number;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  content: Buffer;
}

const SPACE = 0x20;

/** One record from one line of the file (without its newline); undefined for a line that is not one. */
export function parseCriLogLine(line: Buffer): CriLogRecord | undefined {
  const afterTime = line.indexOf(SPACE);
  if (afterTime <= 0) return undefined;
  const afterStream = line.indexOf(SPACE, afterTime + 1);
  if (afterStream === -1) return undefined;
  const stream = line.toString('latin1', afterTime + 1, afterStream);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const afterTag = line.indexOf(SPACE, afterStream + 1);
  // An empty full line is written as `TIME STREAM F ` by us but some writers drop the trailing space.
  const tagEnd = afterTag === -1 ? line.length : afterTag;
  const tag = line.toString('latin1', afterStream + 1, tagEnd);
  if (tag !== 'F' && tag !== 'P') return undefined;
  const time = line.toString('latin1', 0, afterTime);
  const timeMs = Date.parse(time);
  if (Number.isNaN(timeMs)) return undefined;
  return { time, timeMs, stream, partial: tag === 'P', content: afterTag === -1 ? Buffer.alloc(0) : line.subarray(afterTag + 1) };
}

/** What `kubectl logs` prints for one record: kubelet adds the newline of full lines and, asked to, the time. */
export function formatCriLogRecord(record: CriLogRecord, timestamps: boolean): Buffer {
  const parts: Buffer[] = [];
  if (timestamps) parts.push(Buffer.from(`${record.time} `));
  parts.push(record.content);
  if (!record.partial) parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}
