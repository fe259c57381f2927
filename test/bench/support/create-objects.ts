import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { authHeaders, requestJson } from './api-client.ts';
import type { ApiTarget } from './control-plane-process.ts';
import type { LeanHttpsPool } from './lean-https.ts';
import { runLoad, type LoadResult } from './load.ts';

export interface CreateOptions {
  concurrency: number;
  /** no create starts after this long */
  timeLimitMs: number;
  /** told performance.now() just before create `index` is sent */
  onSent?: (index: number, at: number) => void;
}

/**
 * POSTs every body to the collection with a closed loop of `concurrency`
 * clients, in index order; each must answer 201. The bodies are built before
 * the clock starts. `done` says how many were created within the time limit.
 */
export async function createAll(target: ApiTarget, pool: LeanHttpsPool, collectionPath: string, bodies: readonly string[], options: CreateOptions): Promise<LoadResult> {
  const headers = authHeaders(target, true);
  return runLoad({
    count: bodies.length,
    concurrency: options.concurrency,
    timeLimitMs: options.timeLimitMs,
    op: (index) => {
      options.onSent?.(index, performance.now());
      return pool.expect({ method: 'POST', path: collectionPath, headers, body: bodies[index] ?? '' }, 201);
    },
  });
}

/** Creates one namespace; AlreadyExists is an error (every benchmark starts from a fresh data directory). */
export async function createNamespace(target: ApiTarget, dispatcher: Dispatcher, body: string): Promise<void> {
  await requestJson(dispatcher, { method: 'POST', path: '/api/v1/namespaces', headers: authHeaders(target, true), body });
}

export interface PacedOptions {
  /** creates sent per second, on a fixed schedule (an open loop: a slow answer does not delay the next send) */
  ratePerSec: number;
  /** a create waits when this many are unanswered */
  maxInFlight: number;
  timeLimitMs: number;
  onSent?: (index: number, at: number) => void;
}

/** POSTs the bodies at a steady rate; resolves with how many were sent once every answer is in. */
export async function createPaced(target: ApiTarget, pool: LeanHttpsPool, collectionPath: string, bodies: readonly string[], options: PacedOptions): Promise<number> {
  const headers = authHeaders(target, true);
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let sent = 0;
  for (let index = 0; index < bodies.length && failure === undefined; index++) {
    const due = start + (index * 1000) / options.ratePerSec;
    if (due - start > options.timeLimitMs) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    options.onSent?.(index, performance.now());
    const request = pool
      .expect({ method: 'POST', path: collectionPath, headers, body: bodies[index] ?? '' }, 201)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    sent++;
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return sent;
}
