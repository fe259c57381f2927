import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkWriter, httpChunk } from './chunk-writer.ts';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A server whose `/stream` writes through chunkWriter and whose other paths answer at once. */
async function listen(stream: (res: ServerResponse) => Promise<void>): Promise<number> {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== '/stream') {
      res.end('plain');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    void stream(res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server?.address() as AddressInfo).port;
}

/** Sends `requests` on one connection and collects the bytes until `done` says the answers are complete. */
async function exchange(port: number, requests: string, done: (text: string) => boolean): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  return new Promise<string>((resolve, reject) => {
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1');
      if (done(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.write(requests);
  });
}

const GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

describe('chunkWriter', () => {
  it('frames every write as one chunk, shared chunks and text alike, and res.end() ends the body', async () => {
    const shared = httpChunk('{"type":"ADDED"}\n');
    const port = await listen(async (res) => {
      const body = chunkWriter(res);
      body.write(shared);
      body.write(shared);
      body.write('{"type":"BOOKMARK"}\n');
      body.write('');
      body.end();
    });
    const text = await exchange(port, GET('/stream'), (t) => t.endsWith('0\r\n\r\n'));
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    expect(body).toBe('11\r\n{"type":"ADDED"}\n\r\n11\r\n{"type":"ADDED"}\n\r\n14\r\n{"type":"BOOKMARK"}\n\r\n0\r\n\r\n');
  });

  it('sends the chunks of one tick in one write to the connection, and each later tick in another', async () => {
    let socketWrites = 0;
    let writesBeforeEnd = -1;
    const port = await listen(async (res) => {
      const socket = res.socket;
      if (socket === null) throw new Error('no socket');
      const write = socket.write.bind(socket);
      socket.write = ((...args: Parameters<typeof write>) => {
        socketWrites++;
        return write(...args);
      }) as typeof socket.write;
      const body = chunkWriter(res);
      body.write('a\n');
      body.write(httpChunk('b\n'));
      body.write('c\n');
      await new Promise((resolve) => setImmediate(resolve));
      body.write('d\n');
      await new Promise((resolve) => setImmediate(resolve));
      writesBeforeEnd = socketWrites;
      body.end();
    });
    const text = await exchange(port, GET('/stream'), (t) => t.endsWith('0\r\n\r\n'));
    expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toBe('2\r\na\n\r\n2\r\nb\n\r\n2\r\nc\n\r\n2\r\nd\n\r\n0\r\n\r\n');
    expect(writesBeforeEnd).toBe(2);
  });

  it('leaves the connection fit for the next request', async () => {
    const port = await listen(async (res) => {
      const body = chunkWriter(res);
      body.write(httpChunk('one\n'));
      body.end();
    });
    const text = await exchange(port, GET('/stream') + GET('/plain'), (t) => t.endsWith('plain'));
    expect(text).toContain('4\r\none\n\r\n0\r\n\r\n');
    expect(text.indexOf('0\r\n\r\n')).toBeLessThan(text.lastIndexOf('HTTP/1.1 200'));
  });

  it('writes in order behind an earlier response still being sent on the connection', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
    let streams = 0;
    const port = await listen(async (res) => {
      const which = ++streams;
      const body = chunkWriter(res);
      if (which === 1) {
        // A shared chunk too is written through res.write then, without its frame (res.write frames it).
        body.write(httpChunk('first-a\n'));
        await firstMayEnd;
        body.write('first-b\n');
      } else {
        body.write('second\n');
        releaseFirst();
      }
      body.end();
    });
    // Pipelined: the second response begins while the first one holds the connection.
    const text = await exchange(port, GET('/stream') + GET('/stream'), (t) => t.split('0\r\n\r\n').length === 3);
    const first = text.indexOf('first-a');
    expect(first).toBeGreaterThan(-1);
    expect(text.indexOf('first-b')).toBeGreaterThan(first);
    expect(text.indexOf('second')).toBeGreaterThan(text.indexOf('first-b'));
    expect(text.indexOf('7\r\nsecond\n\r\n')).toBeGreaterThan(-1);
  });
});

describe('httpChunk', () => {
  it('writes the length in bytes, in hexadecimal', () => {
    expect(httpChunk('a'.repeat(26)).toString('latin1')).toBe(`1a\r\n${'a'.repeat(26)}\r\n`);
    // Two characters, five bytes of UTF-8.
    expect(httpChunk('é€').toString('utf8')).toBe('5\r\né€\r\n');
  });
});
