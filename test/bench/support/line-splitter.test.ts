import { describe, expect, it } from 'vitest';
import { LineSplitter, lineContains, valueAfter } from './line-splitter.ts';

function split(chunks: string[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((bytes, start, end) => lines.push(bytes.toString('utf8', start, end)));
  for (const chunk of chunks) splitter.push(Buffer.from(chunk));
  return lines;
}

describe('LineSplitter', () => {
  it.each([
    { chunks: ['a\nb\n'], lines: ['a', 'b'] },
    { chunks: ['a', 'b\n'], lines: ['ab'] },
    { chunks: ['a\nb', 'c\nd', '\n'], lines: ['a', 'bc', 'd'] },
    { chunks: ['ab', 'cd', 'ef\n'], lines: ['abcdef'] },
    { chunks: ['a\n\n'], lines: ['a', ''] },
    { chunks: ['no newline yet'], lines: [] },
  ])('splits $chunks into $lines', ({ chunks, lines }) => {
    expect(split(chunks)).toEqual(lines);
  });
});

describe('valueAfter', () => {
  const line = Buffer.from('{"a":"1","seq":"42","t":"9.5"}\n{"seq":"7"}');
  const firstEnd = line.indexOf(0x0a);
  it.each([
    { marker: '"seq":"', start: 0, end: firstEnd, value: '42' },
    { marker: '"t":"', start: 0, end: firstEnd, value: '9.5' },
    { marker: '"missing":"', start: 0, end: firstEnd, value: undefined },
    { marker: '"seq":"', start: firstEnd + 1, end: line.length, value: '7' },
  ])('finds $marker in [$start, $end) as $value', ({ marker, start, end, value }) => {
    expect(valueAfter(line, start, end, Buffer.from(marker))).toBe(value);
  });

  it('does not read a marker past the end of the line', () => {
    expect(valueAfter(line, 0, 5, Buffer.from('"seq":"'))).toBeUndefined();
  });
});

describe('lineContains', () => {
  const bytes = Buffer.from('{"name":"a"}\n{"name":"b"}');
  it.each([
    { marker: '"name":"a"', start: 0, end: 12, found: true },
    { marker: '"name":"b"', start: 0, end: 12, found: false },
    { marker: '"name":"b"', start: 13, end: bytes.length, found: true },
    { marker: '"name":"a"', start: 0, end: 10, found: false },
  ])('$marker in [$start, $end): $found', ({ marker, start, end, found }) => {
    expect(lineContains(bytes, start, end, Buffer.from(marker))).toBe(found);
  });
});
