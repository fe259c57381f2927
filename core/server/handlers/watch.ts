import type { ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceType } from '../../api/resource-type.ts';
import { buildTable } from '../../api/table/build.ts';
import type { WatchEventType } from '../../api/types/meta.ts';
import type { CachedEvent, WatchHandle } from '../../store/watch-cache.ts';
import { includeObjectPolicy, type Representation } from '../negotiate.ts';
import { chunkWriter, httpChunk, type HttpChunk } from './chunk-writer.ts';
import { storedPrefixOf } from './stored-prefix.ts';
import { boolParam, intParam, param, type Query } from '../query.ts';
import type { ApiContext } from './context.ts';
import { selectorsFrom } from './read.ts';

/** kube-apiserver ends a watch after a random 30 to 60 minutes unless the client chose a timeout. */
const MIN_REQUEST_TIMEOUT_S = 1800;
/** A watcher this far behind (bytes not yet written to its socket) is cut off; it will re-watch. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Streams watch events as newline-delimited JSON on a chunked response, the
 * wire format client-go, kubectl and client-node read. Table watches (`kubectl
 * get -w`) get each object as a one-row Table.
 */
export async function serveWatch(
  api: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  as: Representation,
  query: Query,
  res: ServerResponse,
  onClose: (listener: () => void) => void,
): Promise<void> {
  const filter = selectorsFrom(type, query);
  if (name !== undefined) filter.fieldSelector = [...(filter.fieldSelector ?? []), { field: 'metadata.name', operator: '=', value: name }];
  const timeoutSeconds = intParam(query, 'timeoutSeconds') ?? Math.floor(MIN_REQUEST_TIMEOUT_S * (1 + Math.random()));
  const allowBookmarks = boolParam(query, 'allowWatchBookmarks');
  const includeObject = includeObjectPolicy(query);
  const apiVersion = apiVersionOf(type);
  let firstTable = true;
  let handle: WatchHandle | undefined;
  let closed = false;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const body = chunkWriter(res);
  const storedPrefix = storedPrefixOf(type);

  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    clearInterval(bookmarks);
    handle?.close();
    body.end();
  };
  const write = (line: string | HttpChunk): void => {
    if (closed) return;
    if (body.write(line) > MAX_BUFFERED_BYTES) finish();
  };
  const eventLine = (eventType: WatchEventType, event: CachedEvent): string | HttpChunk => {
    // The same bytes for every watcher of the event: built once, written many times.
    if (as !== 'table') return event.wireLine(eventType, storedPrefix, httpChunk);
    const table = buildTable(type.table, [event.object], api.now(), { includeObject });
    if (!firstTable) table.columnDefinitions = [];
    firstTable = false;
    return `{"type":"${eventType}","object":${JSON.stringify(table)}}\n`;
  };
  const timer = setTimeout(finish, timeoutSeconds * 1000);
  const bookmarks = setInterval(() => {
    if (!allowBookmarks) return;
    // Events reach watchers a little after they are stored: promise only what this watch has been sent.
    const revision = handle?.bookmarkRevision() ?? api.watchCache.revision;
    const bookmark = { kind: type.kind, apiVersion, metadata: { resourceVersion: String(revision) } };
    write(`{"type":"BOOKMARK","object":${JSON.stringify(bookmark)}}\n`);
  }, api.bookmarkIntervalMs);
  onClose(finish);

  const sendInitialEvents = boolParam(query, 'sendInitialEvents');
  // With sendInitialEvents the client wants the current state first, whatever version it names.
  const resourceVersion = sendInitialEvents ? '' : (param(query, 'resourceVersion') ?? '');
  handle = await api.watchCache.watch(
    type,
    namespace,
    { ...filter, resourceVersion },
    {
      send: (eventType: WatchEventType, event: CachedEvent) => write(eventLine(eventType, event)),
      fail: (status) => {
        write(`{"type":"ERROR","object":${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status })}}\n`);
        finish();
      },
    },
  );
  if (closed) handle.close();
  if (sendInitialEvents && allowBookmarks) {
    const bookmark = {
      kind: type.kind,
      apiVersion,
      metadata: { resourceVersion: String(handle.bookmarkRevision()), annotations: { 'k8s.io/initial-events-end': 'true' } },
    };
    write(`{"type":"BOOKMARK","object":${JSON.stringify(bookmark)}}\n`);
  }
}
