import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { ApiConnectionError, apiErrorFromResponse, connectionError } from './http-errors.ts';

export interface HttpClientOptions {
  /** `https://127.0.0.1:6443`; http:// works too, for tests and local proxies */
  server: string;
  /** the bearer token; optional when a client certificate authenticates */
  token?: string;
  /** PEM client certificate and key (a node's, from TLS bootstrap): the API server takes its CN as the user */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** PEM of the CA that signed the server's certificate; without it the system's CAs are trusted */
  ca?: string | Buffer;
  insecureSkipTlsVerify?: boolean;
  /** names the field manager of writes, up to its first '/' (default `kubernel`) */
  userAgent?: string;
  /** per request, response body included; watches only wait this long for their headers (default 30 s, 0: none) */
  timeoutMs?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: URLSearchParams;
  /** serialised as JSON */
  body?: unknown;
  contentType?: string;
}

/** A watch's open response: 2xx, headers read, the body still to come. */
export interface HttpStream {
  response: IncomingMessage;
  abort(): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_SOCKETS = 32;

/**
 * Requests to one API server: bearer token, JSON in and out, connection reuse.
 * Failures come back as the server's ApiError or as an ApiConnectionError.
 */
export class HttpTransport {
  readonly server: string;
  private readonly base: URL;
  private readonly basePath: string;
  private readonly agent: http.Agent;
  /** Watches hold their connection for as long as they last: their own pool, so they never starve requests. */
  private readonly watchAgent: http.Agent;
  private readonly headers: OutgoingHttpHeaders;
  private readonly timeoutMs: number;

  constructor(options: HttpClientOptions) {
    this.base = new URL(options.server);
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:') {
      throw new Error(`the API server URL must be https:// or http://, got ${options.server}`);
    }
    this.server = this.base.origin;
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    const tls = {
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.cert === undefined || options.key === undefined ? {} : { cert: options.cert, key: options.key }),
      rejectUnauthorized: options.insecureSkipTlsVerify !== true,
    };
    const isHttps = this.base.protocol === 'https:';
    this.agent = isHttps ? new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, ...tls }) : new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    this.watchAgent = isHttps ? new https.Agent({ keepAlive: true, ...tls }) : new http.Agent({ keepAlive: true });
    this.headers = {
      ...(options.token === undefined || options.token === '' ? {} : { authorization: `Bearer ${options.token}` }),
      accept: 'application/json',
      'user-agent': options.userAgent ?? 'kubernel',
    };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The JSON body of a 2xx answer; anything else throws. */
  async send(request: HttpRequest): Promise<unknown> {
    const deadline = this.timeoutMs > 0 ? Date.now() + this.timeoutMs : undefined;
    // A kept-alive socket the server closed meanwhile fails at once; a read can safely go again.
    for (let attempt = 0; ; attempt++) {
      try {
        const { response, req } = await this.open(request, this.agent, deadline);
        const text = await this.readBody(response, req, deadline);
        return this.parse(response, text);
      } catch (error) {
        if (attempt === 0 && request.method === 'GET' && error instanceof StaleSocketError) continue;
        throw error instanceof StaleSocketError ? error.original : error;
      }
    }
  }

  /** Opens a streaming GET: resolves once a 2xx answer's headers are in, throws the ApiError of any other. */
  async stream(request: HttpRequest): Promise<HttpStream> {
    for (let attempt = 0; ; attempt++) {
      try {
        const deadline = this.timeoutMs > 0 ? Date.now() + this.timeoutMs : undefined;
        const { response, req } = await this.open(request, this.watchAgent, deadline);
        if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) {
          return { response, abort: () => req.destroy() };
        }
        throw this.failure(response, await this.readBody(response, req, deadline));
      } catch (error) {
        if (attempt === 0 && error instanceof StaleSocketError) continue;
        throw error instanceof StaleSocketError ? error.original : error;
      }
    }
  }

  /** Ends every connection, watches included. */
  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  private open(request: HttpRequest, agent: http.Agent, deadline: number | undefined): Promise<{ response: IncomingMessage; req: ClientRequest }> {
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: OutgoingHttpHeaders = { ...this.headers };
    if (payload !== undefined) {
      headers['content-type'] = request.contentType ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    const query = request.query?.toString() ?? '';
    const options: http.RequestOptions = {
      protocol: this.base.protocol,
      // A URL keeps the brackets of an IPv6 host; a socket address does not.
      hostname: this.base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: this.base.port === '' ? undefined : Number(this.base.port),
      path: `${this.basePath}${request.path}${query === '' ? '' : `?${query}`}`,
      method: request.method,
      headers,
      agent,
    };
    return new Promise((resolve, reject) => {
      const req = this.base.protocol === 'https:' ? https.request(options) : http.request(options);
      const timer = deadline === undefined ? undefined : setTimeout(() => req.destroy(this.timeout()), Math.max(0, deadline - Date.now()));
      req.once('response', (response) => {
        clearTimeout(timer);
        resolve({ response, req });
      });
      // `on`, not `once`: a streaming request can still fail after its answer began, and an unheard 'error' would crash.
      req.on('error', (error) => {
        clearTimeout(timer);
        if (error instanceof ApiConnectionError) reject(error);
        else if (req.reusedSocket && isReset(error)) reject(new StaleSocketError(connectionError(this.server, error)));
        else reject(connectionError(this.server, error));
      });
      req.end(payload);
    });
  }

  private readBody(response: IncomingMessage, req: ClientRequest, deadline: number | undefined): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const timer = deadline === undefined ? undefined : setTimeout(() => req.destroy(this.timeout()), Math.max(0, deadline - Date.now()));
      const finish = (error: Error | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) resolve(Buffer.concat(chunks).toString('utf8'));
        else reject(error instanceof ApiConnectionError ? error : connectionError(this.server, error));
      };
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => finish(undefined));
      response.once('error', finish);
      req.once('error', finish);
      response.once('close', () => finish(response.complete ? undefined : new Error('the connection closed before the whole answer arrived')));
    });
  }

  private parse(response: IncomingMessage, text: string): unknown {
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) throw this.failure(response, text);
    const body = parseJson(text);
    if (body === undefined && text !== '') throw new Error(`the API server at ${this.server} answered with a body that is not JSON: ${text.slice(0, 200)}`);
    return body;
  }

  private failure(response: IncomingMessage, text: string): Error {
    return apiErrorFromResponse(response.statusCode ?? 0, parseJson(text), text);
  }

  private timeout(): ApiConnectionError {
    return new ApiConnectionError(this.server, 'ETIMEDOUT', `the API server at ${this.server} did not answer within ${this.timeoutMs} ms`);
  }
}

/** A reused keep-alive socket was already closed by the server: the request never reached it. */
class StaleSocketError extends Error {
  constructor(readonly original: ApiConnectionError) {
    super(original.message);
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isReset(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
}
