import { describe, expect, it } from 'vitest';
import { ChunkedBodyDecoder } from './chunked-body.ts';

/** Feeds `text` in pieces of `step` bytes, each piece in a buffer of its own that is overwritten after the push, as a socket's read buffer is. */
function decodeInPieces(text: string, step: number): { data: string; ended: boolean } {
  const bytes = Buffer.from(text, 'latin1');
  let data = '';
  const decoder = new ChunkedBodyDecoder((piece, start, end) => (data += piece.toString('latin1', start, end)));
  const readBuffer = Buffer.alloc(step + 4);
  for (let at = 0; at < bytes.length; at += step) {
    const length = bytes.copy(readBuffer, 2, at, at + step);
    decoder.push(readBuffer, 2, 2 + length);
    readBuffer.fill(0x21);
  }
  return { data, ended: decoder.ended };
}

const STREAM = '11\r\n{"type":"ADDED"}\n\r\n14\r\n{"type":"BOOKMARK"}\n\r\n';
const ENDED = '4\r\n{"a"\r\n7;ext=1\r\n:"bcd"}\r\n0\r\nx-trailer: 1\r\n\r\n';

describe('ChunkedBodyDecoder', () => {
  it.each([
    ['an open stream, whole', STREAM, 1024, '{"type":"ADDED"}\n{"type":"BOOKMARK"}\n', false],
    ['an open stream, byte by byte', STREAM, 1, '{"type":"ADDED"}\n{"type":"BOOKMARK"}\n', false],
    ['an open stream, in threes', STREAM, 3, '{"type":"ADDED"}\n{"type":"BOOKMARK"}\n', false],
    ['an extension, a trailer and the end, whole', ENDED, 1024, '{"a":"bcd"}', true],
    ['an extension, a trailer and the end, byte by byte', ENDED, 1, '{"a":"bcd"}', true],
    ['upper-case hex and no trailer', `A\r\n${'x'.repeat(10)}\r\n0\r\n\r\n`, 5, 'x'.repeat(10), true],
  ])('%s', (_name, text, step, data, ended) => {
    expect(decodeInPieces(text, step)).toEqual({ data, ended });
  });

  it('hands on the data of a whole chunk as one range of the bytes read, without copying', () => {
    const ranges: [Buffer, number, number][] = [];
    const read = Buffer.from(STREAM, 'latin1');
    new ChunkedBodyDecoder((bytes, start, end) => ranges.push([bytes, start, end])).push(read);
    expect(ranges).toEqual([
      [read, 4, 21],
      [read, 27, 47],
    ]);
  });

  it.each([
    ['a size that is not hex', 'zz\r\nab\r\n', /bad chunk size: "zz"/],
    ['data longer than its size', '2\r\nabc\r\n', /does not end with CRLF/],
    ['a size line ended by LF alone', '2\nab\r\n', /does not end with CRLF/],
    ['a size line that never ends', 'f'.repeat(300), /does not end/],
    ['bytes after the last chunk', '0\r\n\r\nHTTP/1.1 200 OK', /15 bytes after the end/],
  ])('refuses %s', (_name, text, error) => {
    expect(() => decodeInPieces(text, 1024)).toThrow(error);
  });
});
