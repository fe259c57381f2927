import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What a test server saw of one request. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** how many requests' connections closed before their answer ended */
  closedEarly(): number;
  close(): Promise<void>;
}

/**
 * A plain-HTTP server for tests of the client's wire behaviour (query strings,
 * headers, stream chunking) that a real API server cannot be made to show.
 */
export async function startFakeServer(respond: (request: RecordedRequest, res: ServerResponse) => void | Promise<void>): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let closedEarly = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableEnded) closedEarly++;
      });
      void respond(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closedEarly: () => closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
