import { performance } from 'node:perf_hooks';
import type { Client, Dispatcher } from 'undici';
import { isRecord } from '../../../core/api/types/meta.ts';
import { apiClient, authHeaders, requestJson } from './api-client.ts';
import type { ApiTarget } from './control-plane-process.ts';
import { LineSplitter } from './line-splitter.ts';

export interface WatchEvent {
  type: string;
  object: Record<string, unknown>;
  /** performance.now() when the chunk holding the event arrived */
  arrivedAt: number;
}

export interface WatchOptions {
  /** the collection path with any selectors, without `watch`, e.g. `/api/v1/namespaces/bench/pods?fieldSelector=spec.nodeName%21%3D` */
  path: string;
  /** start after this version; without it the server first sends the current state as ADDED events */
  resourceVersion?: string;
  /**
   * Sees every raw event line first; only lines it accepts are parsed and
   * passed to onEvent. Parsing 100,000 pods would cost the load generator,
   * which shares the two cores with the server, seconds of CPU.
   */
  accept?: (bytes: Buffer, start: number, end: number, arrivedAt: number) => boolean;
  onEvent?: (event: WatchEvent) => void;
}

export interface WatchStream {
  /** ERROR events and early ends; a figure from a watch with problems may have missed events */
  readonly problems: string[];
  close(): Promise<void>;
}

const TYPE_PREFIX = '{"type":"';

/** Whether the event line in bytes[start, end) is of this type (`ADDED`, `MODIFIED`, `DELETED`, `ERROR`). */
export function eventTypeIs(bytes: Buffer, start: number, end: number, type: string): boolean {
  const prefix = `${TYPE_PREFIX}${type}"`;
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[start + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** Opens one watch on its own connection; events flow until close(). */
export async function openWatch(target: ApiTarget, options: WatchOptions): Promise<WatchStream> {
  const separator = options.path.includes('?') ? '&' : '?';
  // Long enough for any benchmark; the server would otherwise end it after 30 to 60 minutes anyway.
  let path = `${options.path}${separator}watch=1&timeoutSeconds=3600`;
  if (options.resourceVersion !== undefined) path += `&resourceVersion=${encodeURIComponent(options.resourceVersion)}`;
  const client: Client = apiClient(target, { stream: true });
  const problems: string[] = [];
  let closing = false;
  const response = await client.request({ method: 'GET', path, headers: authHeaders(target, false) });
  if (response.statusCode !== 200) {
    const text = await response.body.text();
    await client.destroy();
    throw new Error(`watch ${path}: got ${response.statusCode}: ${text.slice(0, 300)}`);
  }
  let arrivedAt = 0;
  const lines = new LineSplitter((bytes, start, end) => {
    if (eventTypeIs(bytes, start, end, 'ERROR')) {
      problems.push(bytes.toString('utf8', start, Math.min(end, start + 300)));
      return;
    }
    if (options.accept !== undefined && !options.accept(bytes, start, end, arrivedAt)) return;
    if (options.onEvent === undefined) return;
    const parsed: unknown = JSON.parse(bytes.toString('utf8', start, end));
    if (!isRecord(parsed) || typeof parsed['type'] !== 'string' || !isRecord(parsed['object'])) {
      problems.push(`not a watch event: ${bytes.toString('utf8', start, Math.min(end, start + 200))}`);
      return;
    }
    options.onEvent({ type: parsed['type'], object: parsed['object'], arrivedAt });
  });
  response.body.on('data', (chunk: Buffer) => {
    arrivedAt = performance.now();
    lines.push(chunk);
  });
  response.body.on('error', () => undefined);
  response.body.on('close', () => {
    if (!closing) problems.push(`watch ${options.path} ended early`);
  });
  return {
    problems,
    close: async () => {
      closing = true;
      await client.destroy().catch(() => undefined);
    },
  };
}

/** The collection's current resourceVersion: a watch from it sees only what happens next. */
export async function collectionVersion(target: ApiTarget, dispatcher: Dispatcher, collectionPath: string): Promise<string> {
  const separator = collectionPath.includes('?') ? '&' : '?';
  const list = await requestJson(dispatcher, { method: 'GET', path: `${collectionPath}${separator}limit=1`, headers: authHeaders(target, false) });
  const metadata = list['metadata'];
  const rv = isRecord(metadata) ? metadata['resourceVersion'] : undefined;
  if (typeof rv !== 'string' || rv === '') throw new Error(`the list of ${collectionPath} has no metadata.resourceVersion`);
  return rv;
}

/** metadata.name of a watched object, '' when absent. */
export function nameOf(object: Record<string, unknown>): string {
  const metadata = object['metadata'];
  return isRecord(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
}

/** metadata.uid of a watched object, '' when absent. */
export function uidOf(object: Record<string, unknown>): string {
  const metadata = object['metadata'];
  return isRecord(metadata) && typeof metadata['uid'] === 'string' ? metadata['uid'] : '';
}
