import { describe, expect, it } from 'vitest';
import { formatCriLogRecord, parseCriLogLine } from './cri-log.ts';

describe('parseCriLogLine', () => {
  it.each([
    ['2016-10-06T00:17:09.669794202Z stdout F log line', { time: '2016-10-06T00:17:09.669794202Z', stream: 'stdout', partial: false, content: 'log line' }],
    ['2016-10-06T00:17:09.669794202Z stderr P piece ', { time: '2016-10-06T00:17:09.669794202Z', stream: 'stderr', partial: true, content: 'piece ' }],
    ['2016-10-06T00:17:09Z stdout F ', { time: '2016-10-06T00:17:09Z', stream: 'stdout', partial: false, content: '' }],
    ['2016-10-06T00:17:09Z stdout F', { time: '2016-10-06T00:17:09Z', stream: 'stdout', partial: false, content: '' }],
    ['2016-10-06T00:17:09Z stdout F  two  spaces ', { time: '2016-10-06T00:17:09Z', stream: 'stdout', partial: false, content: ' two  spaces ' }],
  ])('parses %j', (line, expected) => {
    const record = parseCriLogLine(Buffer.from(line));
    expect(record && { time: record.time, stream: record.stream, partial: record.partial, content: record.content.toString() }).toEqual(expected);
    expect(record?.timeMs).toBe(Date.parse(expected.time));
  });

  it.each([
    'garbage',
    '',
    'not-a-time stdout F x',
    '2016-10-06T00:17:09Z stdin F x',
    '2016-10-06T00:17:09Z stdout X x',
  ])('rejects %j', (line) => {
    expect(parseCriLogLine(Buffer.from(line))).toBeUndefined();
  });
});

describe('formatCriLogRecord', () => {
  const full = { time: '2024-01-02T03:04:05.5Z', timeMs: 0, stream: 'stdout' as const, partial: false, content: Buffer.from('hello') };
  it.each([
    { record: full, timestamps: false, out: 'hello\n' },
    { record: full, timestamps: true, out: '2024-01-02T03:04:05.5Z hello\n' },
    { record: { ...full, partial: true }, timestamps: false, out: 'hello' },
  ])('prints $out', ({ record, timestamps, out }) => {
    expect(formatCriLogRecord(record, timestamps).toString()).toBe(out);
  });
});
