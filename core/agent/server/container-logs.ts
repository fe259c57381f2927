import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { ContainerRuntime } from '../../contracts/runtime.ts';
import { logRequestFrom, type ContainerTarget } from './node-requests.ts';
import { runtimeFailure } from './runtime-failure.ts';
import type { ContainerResolver } from './types.ts';

/**
 * GET /containerLogs/{namespace}/{pod}/{container}: the container's output as
 * text/plain, chunk by chunk as the runtime hands it over, so that `follow`
 * streams. The runtime's stream is aborted as soon as the client goes away.
 * Throws ApiErrors only before the first byte is sent.
 */
export async function serveContainerLogs(
  runtime: ContainerRuntime,
  resolve: ContainerResolver,
  target: ContainerTarget,
  res: ServerResponse,
  now: Date,
): Promise<void> {
  const request = logRequestFrom(target.query, now);
  const resolved = await resolve(target.namespace, target.pod, target.container, request.previous);
  if ('error' in resolved) throw resolved.error;
  const abort = new AbortController();
  let source: Readable;
  try {
    source = await runtime.logs(resolved.containerId, request.options, abort.signal);
  } catch (error) {
    throw runtimeFailure(error);
  }
  res.on('close', () => {
    abort.abort();
    source.destroy();
  });
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache' });
  // The headers leave now: a client following a quiet container must not wait for its first line to see the 200.
  res.flushHeaders();
  await copyLimited(source, res, request.limitBytes);
}

async function copyLimited(source: Readable, res: ServerResponse, limitBytes: number | undefined): Promise<void> {
  let remaining = limitBytes ?? Number.POSITIVE_INFINITY;
  try {
    for await (const chunk of source) {
      if (res.destroyed) break;
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      const part = bytes.length > remaining ? bytes.subarray(0, remaining) : bytes;
      remaining -= part.length;
      if (!res.write(part)) await drained(res);
      if (remaining <= 0) break;
    }
  } catch {
    // A runtime stream that fails mid-way, or one destroyed because the client left: the response just ends.
  } finally {
    source.destroy();
    if (!res.destroyed) res.end();
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
