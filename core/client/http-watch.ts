import { isRecord, type KubeObject, type WatchEventType } from '../api/types/meta.ts';
import type { WatchSubscription } from './api-client.ts';
import { ApiConnectionError, apiErrorFromWatchStatus } from './http-errors.ts';
import { NdjsonLines } from './http-ndjson.ts';
import type { HttpTransport } from './http-transport.ts';

type ObjectEventType = Exclude<WatchEventType, 'ERROR'>;

const OBJECT_EVENT_TYPES: ReadonlySet<string> = new Set<ObjectEventType>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

function isObjectEventType(type: unknown): type is ObjectEventType {
  return typeof type === 'string' && OBJECT_EVENT_TYPES.has(type);
}

/** Enough of an object to hand out: a record with metadata (the server validated the rest). */
export function isKubeObject(value: unknown): value is KubeObject {
  return isRecord(value) && isRecord(value['metadata']);
}

/**
 * Reads a watch response, one JSON event per line, into `onEvent`. It ends
 * (`done`) with undefined when the server closes the stream or the caller
 * closes the watch, and with the error otherwise: the ApiError of an ERROR
 * event (410: Expired), a broken connection, a malformed event, or what
 * `onEvent` threw. ERROR events end the watch rather than reach `onEvent`,
 * as with the in-process client.
 */
export async function startHttpWatch(
  transport: HttpTransport,
  path: string,
  query: URLSearchParams,
  deliverBookmarks: boolean,
  onEvent: (type: WatchEventType, object: KubeObject) => void,
): Promise<WatchSubscription> {
  const { response, abort } = await transport.stream({ method: 'GET', path, query });
  let finish: (error: Error | undefined) => void = () => undefined;
  const done = new Promise<Error | undefined>((resolve) => (finish = resolve));
  let ended = false;
  /** `release`: the answer ended cleanly and its connection can serve again */
  const end = (error: Error | undefined, release = false): void => {
    if (ended) return;
    ended = true;
    if (!release) abort();
    finish(error);
  };

  const handle = (line: string): void => {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return end(new Error(`malformed watch event from the API server at ${transport.server}: ${line.slice(0, 200)}`));
    }
    const type = isRecord(event) ? event['type'] : undefined;
    const object = isRecord(event) ? event['object'] : undefined;
    if (type === 'ERROR') return end(apiErrorFromWatchStatus(object));
    if (!isObjectEventType(type) || !isKubeObject(object)) {
      return end(new Error(`unexpected watch event from the API server at ${transport.server}: ${line.slice(0, 200)}`));
    }
    if (type === 'BOOKMARK' && !deliverBookmarks) return;
    onEvent(type, object);
  };
  const handleAll = (lines: readonly string[]): void => {
    for (const line of lines) {
      if (ended) return;
      try {
        handle(line);
      } catch (error) {
        end(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };

  const lines = new NdjsonLines();
  response.on('data', (chunk: Buffer) => handleAll(lines.push(chunk)));
  response.once('end', () => {
    const rest = lines.end();
    if (rest !== undefined) handleAll([rest]);
    end(undefined, true);
  });
  response.once('close', () => {
    if (response.complete) return;
    end(new ApiConnectionError(transport.server, 'ECONNRESET', `the watch connection to the API server at ${transport.server} broke before the server ended it`));
  });
  response.on('error', () => {
    // 'close' follows and reports it.
  });
  return { done, close: () => end(undefined) };
}
