import { connect, type TLSSocket } from 'node:tls';
import { trustingClusterCa } from './cluster-trust.ts';
import type { ApiTarget } from './control-plane-process.ts';
import { Http1ResponseReader, type Http1Response } from './http1-response.ts';

export interface LeanRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
}

interface Waiting {
  resolve: (response: Http1Response) => void;
  reject: (error: Error) => void;
}

/** One keep-alive TLS connection sending one request at a time. */
class LeanConnection {
  private readonly reader = new Http1ResponseReader();
  private waiting: Waiting | undefined;
  private broken: Error | undefined;

  private constructor(
    private readonly socket: TLSSocket,
    /** the Host header's value */
    private readonly host: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error(this.reader.midResponse ? 'the server closed the connection mid-response' : 'the server closed the connection')));
  }

  static open(target: ApiTarget): Promise<LeanConnection> {
    const url = new URL(target.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), ...trustingClusterCa(target.caPem) }, () => {
        socket.off('error', reject);
        resolve(new LeanConnection(socket, url.host));
      });
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  get usable(): boolean {
    return this.broken === undefined;
  }

  send(request: LeanRequest): Promise<Http1Response> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    if (this.waiting !== undefined) return Promise.reject(new Error('a request is already in flight on this connection'));
    let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${this.host}\r\n`;
    for (const name in request.headers) head += `${name}: ${request.headers[name]}\r\n`;
    const body = request.body ?? '';
    head += `content-length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return new Promise<Http1Response>((resolve, reject) => {
      this.waiting = { resolve, reject };
      // One write: the head and the body go out in one TLS record and one syscall.
      this.socket.write(head + body);
    });
  }

  close(): void {
    this.broken ??= new Error('closed');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let response: Http1Response | undefined;
    try {
      response = this.reader.push(chunk);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      this.socket.destroy();
      return;
    }
    if (response === undefined) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) {
      this.fail(new Error(`HTTP ${response.status} arrived with no request in flight`));
      return;
    }
    if (response.closes) this.broken ??= new Error('the server closed the connection after its answer');
    waiting.resolve(response);
  }

  private fail(error: Error): void {
    this.broken ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

/**
 * Keep-alive HTTPS/1.1 connections for the load loops, trusting only the
 * cluster CA; each sends one request at a time and reads its answer whole.
 * The benchmarks share two cores with the server, so the load generator's
 * CPU is taken from the server's: a create through undici's dispatch
 * handler cost the load generator 59-76 µs of CPU, through this 49-57 µs
 * (2026-11-28), like the lean loops of wrk or h2load beside a full client.
 * Everything else in the benchmarks (setup requests, lists, watches) goes
 * through undici.
 */
export class LeanHttpsPool {
  private readonly idle: LeanConnection[] = [];
  private readonly queued: ((connection: LeanConnection | Error) => void)[] = [];
  private readonly all = new Set<LeanConnection>();
  private opening = 0;
  private closed = false;

  constructor(
    private readonly target: ApiTarget,
    private readonly connections: number,
  ) {}

  /** connections open and usable, busy or idle */
  get liveConnections(): number {
    let live = 0;
    for (const connection of this.all) if (connection.usable) live++;
    return live;
  }

  async request(request: LeanRequest): Promise<Http1Response> {
    const connection = await this.take();
    try {
      return await connection.send(request);
    } finally {
      this.give(connection);
    }
  }

  /** Sends the request and insists on `expected`; any other status is an error naming the request and the answer's start. */
  async expect(request: LeanRequest, expected: number): Promise<void> {
    const response = await this.request(request);
    if (response.status !== expected) {
      throw new Error(`${request.method} ${request.path}: expected ${expected}, got ${response.status}: ${response.body.toString('utf8', 0, 500)}`);
    }
  }

  async destroy(): Promise<void> {
    this.closed = true;
    for (const connection of this.all) connection.close();
    this.all.clear();
    this.idle.length = 0;
    for (const waiter of this.queued.splice(0)) waiter(new Error('the pool was closed'));
  }

  private take(): Promise<LeanConnection> {
    if (this.closed) return Promise.reject(new Error('the pool was closed'));
    for (let ready = this.idle.pop(); ready !== undefined; ready = this.idle.pop()) {
      if (ready.usable) return Promise.resolve(ready);
      // Closed while it waited (the server's keep-alive timeout between two phases): not worth a failed request.
      ready.close();
      this.all.delete(ready);
    }
    const waiter = new Promise<LeanConnection>((resolve, reject) => {
      this.queued.push((connection) => (connection instanceof Error ? reject(connection) : resolve(connection)));
    });
    if (this.all.size + this.opening < this.connections) this.openOne();
    return waiter;
  }

  private openOne(): void {
    this.opening++;
    LeanConnection.open(this.target).then(
      (connection) => {
        this.opening--;
        if (this.closed) return connection.close();
        this.all.add(connection);
        this.give(connection);
      },
      (error: unknown) => {
        this.opening--;
        this.queued.shift()?.(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  private give(connection: LeanConnection): void {
    if (!connection.usable) {
      connection.close();
      this.all.delete(connection);
      // Whoever waits gets a new connection in its place.
      if (this.queued.length > 0 && !this.closed) this.openOne();
      return;
    }
    const waiter = this.queued.shift();
    if (waiter !== undefined) waiter(connection);
    else this.idle.push(connection);
  }
}
