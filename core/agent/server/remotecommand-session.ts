import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, type RawData } from 'ws';
import { ApiError } from '../../api/errors.ts';
import type { ExecSession } from '../../contracts/runtime.ts';
import type { NodeExecRequest } from './node-requests.ts';
import { Channel, PROTOCOL_V5, exitStatus, frame, parseTerminalSize } from './remotecommand-protocol.ts';

const EMPTY = Buffer.alloc(0);

/**
 * Runs one exec over an accepted WebSocket, as kubelet's streaming server
 * does: an empty message on the lowest output channel says "connected"; the
 * client's stdin and resize messages go to the session (queued until it has
 * started); stdout and stderr come back on their channels; when the command
 * has ended and its output is all sent, its Status goes on the error channel
 * and the socket closes normally, which is how the client knows it is over.
 */
export async function runRemoteCommand(ws: WebSocket, request: NodeExecRequest, start: () => Promise<ExecSession>, logger: Logger): Promise<void> {
  const send = (channel: number, data: Uint8Array): Promise<void> =>
    new Promise((resolve) => {
      if (ws.readyState !== WebSocket.OPEN) {
        resolve();
        return;
      }
      // Resolving once the frame is handed to the socket gives the output streams backpressure.
      ws.send(frame(channel, data), { binary: true }, () => resolve());
    });
  const input = new ClientInput(ws, ws.protocol === PROTOCOL_V5, request.stdin, logger);
  await send(request.stdout ? Channel.stdout : request.stderr ? Channel.stderr : Channel.error, EMPTY);

  let session: ExecSession;
  try {
    session = await start();
  } catch (error) {
    await finish(ws, send, internalErrorStatus(error));
    return;
  }
  input.attach(session);
  let status: Record<string, unknown>;
  try {
    const [exitCode] = await Promise.all([
      session.exitCode,
      pump(session.stdout, request.stdout ? Channel.stdout : undefined, send),
      pump(session.stderr, request.stderr ? Channel.stderr : undefined, send),
    ]);
    status = exitStatus(exitCode, request.command);
  } catch (error) {
    status = internalErrorStatus(error);
  }
  await finish(ws, send, status);
}

async function finish(ws: WebSocket, send: (channel: number, data: Uint8Array) => Promise<void>, status: Record<string, unknown>): Promise<void> {
  await send(Channel.error, Buffer.from(JSON.stringify(status)));
  if (ws.readyState === WebSocket.OPEN) ws.close(1000);
}

/** Copies an output stream to its channel; an unrequested one is still read, or the command would block on a full pipe. */
async function pump(source: Readable | undefined, channel: number | undefined, send: (channel: number, data: Uint8Array) => Promise<void>): Promise<void> {
  if (source === undefined) return;
  for await (const chunk of source) {
    if (channel === undefined) continue;
    await send(channel, Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
}

function internalErrorStatus(error: unknown): Record<string, unknown> {
  const message = `error executing command in container: ${error instanceof Error ? error.message : String(error)}`;
  return { ...new ApiError('InternalError', `Internal error occurred: ${message}`, {}, [{ message }]).toStatus() };
}

/** What the client sends: stdin data, stdin EOF (v5 CLOSE) and terminal sizes, held back until the session exists. */
class ClientInput {
  private session: ExecSession | undefined;
  private readonly pendingStdin: Buffer[] = [];
  private stdinEnded = false;
  private pendingSize: { width: number; height: number } | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly closeSignal: boolean,
    private readonly wantsStdin: boolean,
    private readonly logger: Logger,
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.receive(toBuffer(data));
    });
    // A client that goes away ends stdin, so that a command reading it ends too.
    ws.on('close', () => this.endStdin());
  }

  attach(session: ExecSession): void {
    this.session = session;
    session.stdin?.on('error', (error) => this.logger.debug({ err: error }, 'exec stdin closed'));
    for (const chunk of this.pendingStdin.splice(0)) this.deliver(chunk);
    if (this.stdinEnded) session.stdin?.end();
    if (this.pendingSize !== undefined) this.resize(this.pendingSize);
  }

  private receive(data: Buffer): void {
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === Channel.stdin && this.wantsStdin && !this.stdinEnded) this.writeStdin(payload);
    else if (channel === Channel.resize) {
      const size = parseTerminalSize(payload);
      if (size !== undefined) this.resize(size);
    } else if (channel === Channel.close && this.closeSignal && payload[0] === Channel.stdin) this.endStdin();
  }

  private writeStdin(chunk: Buffer): void {
    if (this.session === undefined) this.pendingStdin.push(chunk);
    else this.deliver(chunk);
  }

  private deliver(chunk: Buffer): void {
    const stdin = this.session?.stdin;
    if (stdin === undefined || stdin.writableEnded) return;
    if (!stdin.write(chunk)) {
      // Stop reading the socket until the command has taken what it was given.
      this.ws.pause();
      stdin.once('drain', () => this.ws.resume());
    }
  }

  private endStdin(): void {
    if (this.stdinEnded) return;
    this.stdinEnded = true;
    const stdin = this.session?.stdin;
    if (stdin !== undefined && !stdin.writableEnded) stdin.end();
  }

  private resize(size: { width: number; height: number }): void {
    if (this.session === undefined) {
      this.pendingSize = size;
      return;
    }
    this.session.resize(size.width, size.height).catch((error: unknown) => this.logger.debug({ err: error }, 'exec resize failed'));
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
