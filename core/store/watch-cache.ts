import { RevisionCompactedError, type BackendEvent, type BackendWatch, type StoreBackend } from '../contracts/store-backend.ts';
import { expired } from '../api/errors.ts';
import type { ResourceType } from '../api/resource-type.ts';
import type { KubeObject, WatchEventType } from '../api/types/meta.ts';
import { decode, type ObjectStore } from './object-store.ts';
import { scopePrefix } from './keys.ts';
import { matchesObject, type ObjectFilter } from './object-filter.ts';

/** One change, decoded once and serialised at most once for all watchers. */
export class CachedEvent {
  private jsonText: string | undefined;
  constructor(
    readonly revision: number,
    readonly key: string,
    readonly type: 'ADDED' | 'MODIFIED' | 'DELETED',
    readonly object: KubeObject,
    readonly previous: KubeObject | undefined,
  ) {}

  /** the object's JSON, shared by every watcher that receives it */
  get json(): string {
    this.jsonText ??= JSON.stringify(this.object);
    return this.jsonText;
  }
}

export interface WatchSink {
  /** `event.type` may differ from the sent `type` when selectors turn a change into ADDED or DELETED */
  send(type: WatchEventType, event: CachedEvent): void;
  /** the watch cannot go on (410 Expired or the store closed); the stream should end */
  fail(status: { code: number; reason: string; message: string }): void;
}

export interface StartWatchOptions extends ObjectFilter {
  /** '' or '0' (or undefined): send the current state as ADDED events first */
  resourceVersion?: string;
}

export interface WatchHandle {
  close(): void;
}

interface Watcher {
  prefix: string;
  type: ResourceType;
  filter: ObjectFilter;
  sink: WatchSink;
  /** events at or below this revision were already covered by the initial state */
  after: number;
  /** events that arrived while the initial list was being read */
  buffer: CachedEvent[] | undefined;
}

/**
 * The API server's watch cache: one backend watch over the whole registry,
 * a bounded window of recent events to resume from, and fan-out to every
 * client watch with its own filter. Resuming from before the window is 410.
 */
export class WatchCache {
  private readonly events: CachedEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private oldestResumable = 0;
  private latest = 0;
  private backendWatch: BackendWatch | undefined;

  constructor(
    private readonly backend: StoreBackend,
    private readonly store: ObjectStore,
    private readonly capacity = 10_000,
  ) {}

  async start(): Promise<void> {
    const current = await this.backend.currentRevision();
    const handlers = {
      onEvents: (events: BackendEvent[]) => this.ingest(events),
      onError: (error: Error) => this.failAll(error.message),
    };
    const from = Math.max(0, current - this.capacity);
    try {
      this.oldestResumable = from;
      this.backendWatch = await this.backend.watch('/registry/', from, handlers);
    } catch (error) {
      if (!(error instanceof RevisionCompactedError)) throw error;
      this.oldestResumable = current;
      this.backendWatch = await this.backend.watch('/registry/', current, handlers);
    }
    this.latest = Math.max(this.latest, current);
  }

  stop(): void {
    this.backendWatch?.close();
    this.failAll('the server is shutting down');
  }

  get revision(): number {
    return this.latest;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  async watch(type: ResourceType, namespace: string | undefined, options: StartWatchOptions, sink: WatchSink): Promise<WatchHandle> {
    const filter: ObjectFilter = {};
    if (options.labelSelector !== undefined) filter.labelSelector = options.labelSelector;
    if (options.fieldSelector !== undefined) filter.fieldSelector = options.fieldSelector;
    const watcher: Watcher = { prefix: scopePrefix(type, namespace), type, filter, sink, after: 0, buffer: undefined };
    const handle = { close: () => this.watchers.delete(watcher) };
    const rv = options.resourceVersion ?? '';
    if (rv === '' || rv === '0') {
      watcher.buffer = [];
      this.watchers.add(watcher);
      const list = await this.store.list(type, namespace, filter);
      watcher.after = Number(list.metadata.resourceVersion ?? '0');
      for (const item of list.items) {
        sink.send('ADDED', new CachedEvent(Number(item.metadata.resourceVersion ?? '0'), '', 'ADDED', item, undefined));
      }
      const buffered = watcher.buffer;
      watcher.buffer = undefined;
      for (const event of buffered) this.deliver(watcher, event);
      return handle;
    }
    const from = Number(rv);
    if (!Number.isSafeInteger(from) || from < 0) {
      sink.fail({ code: 400, reason: 'BadRequest', message: `invalid resource version: ${rv}` });
      return handle;
    }
    if (from < this.oldestResumable) {
      const error = expired(`too old resource version: ${from} (${this.oldestResumable})`);
      sink.fail({ code: error.httpStatus, reason: 'Expired', message: error.message });
      return handle;
    }
    watcher.after = from;
    for (const event of this.events) {
      if (event.revision > from) this.deliver(watcher, event);
    }
    this.watchers.add(watcher);
    return handle;
  }

  private ingest(events: BackendEvent[]): void {
    for (const raw of events) {
      const event = toCachedEvent(raw);
      this.events.push(event);
      this.latest = Math.max(this.latest, event.revision);
      for (const watcher of this.watchers) {
        if (!event.key.startsWith(watcher.prefix)) continue;
        if (watcher.buffer !== undefined) watcher.buffer.push(event);
        else this.deliver(watcher, event);
      }
    }
    if (this.events.length > this.capacity * 1.25) {
      const drop = this.events.length - this.capacity;
      const last = this.events[drop - 1];
      if (last !== undefined) this.oldestResumable = last.revision;
      this.events.splice(0, drop);
    }
  }

  private deliver(watcher: Watcher, event: CachedEvent): void {
    if (event.revision <= watcher.after || !event.key.startsWith(watcher.prefix)) return;
    const nowMatches = matchesObject(watcher.type, event.object, watcher.filter);
    const before = event.previous;
    const wasMatching = before !== undefined && matchesObject(watcher.type, before, watcher.filter);
    if (event.type === 'DELETED') {
      if (nowMatches) watcher.sink.send('DELETED', event);
      return;
    }
    if (nowMatches) watcher.sink.send(event.type === 'MODIFIED' && !wasMatching ? 'ADDED' : event.type, event);
    else if (wasMatching) watcher.sink.send('DELETED', event);
  }

  private failAll(message: string): void {
    for (const watcher of this.watchers) watcher.sink.fail({ code: 500, reason: 'InternalError', message });
    this.watchers.clear();
  }
}

function toCachedEvent(raw: BackendEvent): CachedEvent {
  const previous = raw.prev === undefined ? undefined : decode(raw.prev);
  if (raw.type === 'delete') {
    // As in Kubernetes, a deleted object carries the revision of its deletion.
    const object = decode({ ...raw.kv, modRevision: raw.revision });
    return new CachedEvent(raw.revision, raw.kv.key, 'DELETED', object, previous);
  }
  return new CachedEvent(raw.revision, raw.kv.key, previous === undefined ? 'ADDED' : 'MODIFIED', decode(raw.kv), previous);
}
