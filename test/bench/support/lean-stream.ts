import type { ConnectOpts } from 'node:net';
import { connect, type ConnectionOptions } from 'node:tls';
import { ChunkedBodyDecoder } from './chunked-body.ts';
import { trustingClusterCa } from './cluster-trust.ts';
import type { ApiTarget } from './control-plane-process.ts';
import { parseResponseHead } from './http1-response.ts';

/** a TLS record's plaintext at most: one read hands on no more than that */
const READ_BUFFER_BYTES = 16 * 1024;
/** how much of a refusal's body its error quotes */
const REFUSAL_EXCERPT_CHARS = 300;

export interface LeanStreamSink {
  /** Body bytes[start, end), as they arrive; `bytes` is reused by the next read, so nothing may keep it. */
  onBody: (bytes: Buffer, start: number, end: number) => void;
  /** the stream ended or failed after it had opened, with why */
  onEnd: (reason: string) => void;
}

export interface LeanStream {
  close(): void;
}

/**
 * Opens one long chunked GET (a watch) on its own TLS connection, trusting
 * only the cluster CA, and hands its body on as it arrives. The `store`
 * benchmark reads 1,000 watch streams in the load generator, which shares
 * the two cores with the server, and every delivery's reading time lands in
 * the delays it measures: through undici's dispatch handler a delivery cost
 * the load generator about 43 µs of CPU. This reads each socket into one
 * buffer of its own (the socket's `onread`, no stream or Buffer per read)
 * and decodes the chunked coding in place, as the lean loops of wrk do.
 * Resolves once the status is 200 with a chunked body; any other answer
 * rejects with its status and the start of its body.
 */
export function openLeanStream(target: ApiTarget, path: string, headers: Readonly<Record<string, string>>, sink: LeanStreamSink): Promise<LeanStream> {
  const url = new URL(target.url);
  let request = `GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const name in headers) request += `${name}: ${headers[name]}\r\n`;
  request += '\r\n';
  return new Promise<LeanStream>((resolve, reject) => {
    let head: Buffer | undefined;
    let decoder: ChunkedBodyDecoder | undefined;
    let finished = false;
    const stream: LeanStream = {
      close: () => {
        finished = true;
        socket.destroy();
      },
    };
    const end = (reason: string): void => {
      if (finished) return;
      finished = true;
      socket.destroy();
      if (decoder === undefined) reject(new Error(`GET ${path}: ${reason}`));
      else sink.onEnd(reason);
    };
    const readBody = (bytes: Buffer, start: number, stop: number): void => {
      if (decoder === undefined) return;
      try {
        decoder.push(bytes, start, stop);
      } catch (error) {
        end(`the body is not chunked coding: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (decoder.ended) end('the server ended the stream');
    };
    const readHead = (bytes: Buffer): void => {
      head = head === undefined ? bytes : Buffer.concat([head, bytes]);
      let parsed;
      try {
        parsed = parseResponseHead(head);
      } catch (error) {
        end(error instanceof Error ? error.message : String(error));
        return;
      }
      if (parsed === undefined) return;
      if (parsed.status !== 200 || parsed.framing !== 'chunked') {
        const excerpt = parsed.framing === 'chunked' ? dechunkedExcerpt(head, parsed.bodyStart) : head.toString('utf8', parsed.bodyStart, parsed.bodyStart + REFUSAL_EXCERPT_CHARS);
        end(`got ${parsed.status}${parsed.framing === 'chunked' ? '' : ' without a chunked body'}: ${excerpt}`);
        return;
      }
      decoder = new ChunkedBodyDecoder(sink.onBody);
      resolve(stream);
      readBody(head, parsed.bodyStart, head.length);
      head = undefined;
    };
    const options: ConnectionOptions & ConnectOpts = {
      host: url.hostname,
      port: Number(url.port),
      ...trustingClusterCa(target.caPem),
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        callback: (bytesRead, buffer) => {
          const bytes = buffer as Buffer;
          // The head is copied: the buffer is the next read's.
          if (decoder === undefined) readHead(Buffer.from(bytes.subarray(0, bytesRead)));
          else readBody(bytes, 0, bytesRead);
          return true;
        },
      },
    };
    const socket = connect(options, () => socket.write(request));
    socket.setNoDelay(true);
    socket.on('error', (error) => end(error.message));
    socket.on('close', () => end('the connection closed'));
  });
}

/** The start of the chunked body that has arrived from `start`, for an error message; whatever decodes. */
function dechunkedExcerpt(bytes: Buffer, start: number): string {
  let text = '';
  try {
    new ChunkedBodyDecoder((data, from, to) => (text += data.toString('utf8', from, to))).push(bytes, start);
  } catch {
    // An excerpt: what decoded before the bad bytes is enough.
  }
  return text.slice(0, REFUSAL_EXCERPT_CHARS);
}
