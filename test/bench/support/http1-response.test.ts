import { describe, expect, it } from 'vitest';
import { Http1ResponseReader, type Http1Response } from './http1-response.ts';

/** Feeds `text` in pieces of `step` bytes; returns the response and the number of pieces fed before it completed. */
function readInPieces(text: string, step: number): { response: Http1Response | undefined; piecesBefore: number } {
  const bytes = Buffer.from(text, 'latin1');
  const reader = new Http1ResponseReader();
  let piecesBefore = 0;
  for (let at = 0; at < bytes.length; at += step) {
    const response = reader.push(bytes.subarray(at, at + step));
    if (response !== undefined) return { response, piecesBefore };
    piecesBefore++;
  }
  return { response: undefined, piecesBefore };
}

const SIZED = 'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":"bcd"}';
const CHUNKED = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\n{"a"\r\n7;ext=1\r\n:"bcd"}\r\n0\r\nx-trailer: 1\r\n\r\n';

describe('Http1ResponseReader', () => {
  it.each([
    ['Content-Length, whole', SIZED, 1024, 201, '{"a":"bcd"}'],
    ['Content-Length, byte by byte', SIZED, 1, 201, '{"a":"bcd"}'],
    ['chunked with an extension and a trailer, whole', CHUNKED, 1024, 200, '{"a":"bcd"}'],
    ['chunked, byte by byte', CHUNKED, 1, 200, '{"a":"bcd"}'],
    ['204 without framing headers', 'HTTP/1.1 204 No Content\r\nx: y\r\n\r\n', 7, 204, ''],
    ['an empty sized body', 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n', 1024, 404, ''],
  ])('%s', (_name, text, step, status, body) => {
    const { response, piecesBefore } = readInPieces(text, step);
    expect(response?.status).toBe(status);
    expect(response?.body.toString('latin1')).toBe(body);
    expect(response?.closes).toBe(false);
    // Complete only with the last piece: not a byte early.
    expect(piecesBefore).toBe(Math.ceil(text.length / step) - 1);
  });

  it('reads one response after another on one connection', () => {
    const reader = new Http1ResponseReader();
    expect(reader.push(Buffer.from(SIZED))?.status).toBe(201);
    expect(reader.midResponse).toBe(false);
    expect(reader.push(Buffer.from(CHUNKED.slice(0, 30)))).toBeUndefined();
    expect(reader.midResponse).toBe(true);
    expect(reader.push(Buffer.from(CHUNKED.slice(30)))?.body.toString()).toBe('{"a":"bcd"}');
  });

  it('says when the server closes after its answer', () => {
    const response = new Http1ResponseReader().push(Buffer.from('HTTP/1.1 400 Bad Request\r\nConnection: close\r\ncontent-length: 2\r\n\r\n{}'));
    expect(response?.closes).toBe(true);
  });

  it.each([
    ['a body only the end of the connection frames', 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nabc', 'without Content-Length or chunked coding'],
    ['bytes past the response', `${SIZED}HTTP/1.1`, '8 bytes after the response'],
    ['no status line', 'hello\r\n\r\n', 'not an HTTP/1.1 status line: "hello"'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\ncontent-length: 1x\r\n\r\n', 'bad content-length: "1x"'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', 'bad chunk size: "zz"'],
    ['a chunk longer than its size', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n', 'a chunk does not end with CRLF'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => new Http1ResponseReader().push(Buffer.from(text, 'latin1'))).toThrow(message);
  });
});
