import { RevisionCompactedError, type BackendEvent, type BackendWatch, type KeyValue, type StoreBackend } from '../contracts/store-backend.ts';
import { expired } from '../api/errors.ts';
import type { ResourceType } from '../api/resource-type.ts';
import type { WatchEventType } from '../api/types/meta.ts';
import { CachedEvent } from './cached-event.ts';
import { CatchUpGate } from './catch-up-gate.ts';
import { Fifo } from '../api/fifo.ts';
import { decode, type ObjectStore } from './object-store.ts';
import { resourcePrefix, scopePrefix } from './keys.ts';
import { NAMESPACES_PREFIX, NamespaceIndex, type NamespacePhase } from './namespace-index.ts';
import { matchesObject, type ObjectFilter } from './object-filter.ts';

export { CachedEvent } from './cached-event.ts';

/**
 * How long deliveries run in one go before the event loop gets a turn, while
 * few events wait: an event for a thousand HTTP watchers (30-40 ms of TLS
 * writes) then does not hold up every other request, and the write that
 * caused it is answered first.
 */
const SLICE_MS = 3;
/**
 * Once more than BACKLOG_EVENTS events wait, the slices grow to
 * BACKLOG_SLICE_MS, so that delivery keeps up with the writes. With short
 * slices alone, in-process writers (a ReplicaSet creating pods, the
 * scheduler binding them) got most of every turn: in c1m-lite 100,000 events
 * queued, every informer (the scheduler's too) ran tens of seconds behind
 * the store, and the waiting events outlived the parsed versions they
 * shared, so each was parsed again at its turn.
 */
const BACKLOG_EVENTS = 1000;
const BACKLOG_SLICE_MS = 25;
/**
 * Past WRITERS_WAIT_AT undelivered events, the control plane's own
 * controllers wait before their next write (whenCaughtUp) until no more than
 * WRITERS_RESUME_AT wait: they write in this process, so longer slices
 * alone let a ReplicaSet creating pods at full speed still outrun them.
 */
const WRITERS_WAIT_AT = 2000;
const WRITERS_RESUME_AT = 1000;
/** Deliveries between two looks at the clock. */
const DELIVERIES_PER_CLOCK_CHECK = 16;

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
  /**
   * A revision this watch has been sent every event up to, for a bookmark:
   * the cache's newest one, or less while an event for it is still queued.
   */
  bookmarkRevision(): number;
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
  /** no selectors: every event under the prefix goes out as it is */
  unfiltered: boolean;
  /** events queued for this watcher and not yet delivered */
  queued: number;
  /** the newest event this watcher has been given (or that its selectors turned away) */
  sentThrough: number;
}

/** An event on its way to the watchers it had when it arrived. */
interface FanOut {
  event: CachedEvent;
  targets: Watcher[];
  next: number;
}

/**
 * The API server's watch cache: one backend watch over the whole registry,
 * a bounded window of recent events to resume from, and fan-out to every
 * client watch with its own filter. Resuming from before the window is 410.
 */
export class WatchCache {
  private readonly events: CachedEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  /** how many watchers each resource has, by resourcePrefix (see watchesResource) */
  private readonly watchersByResource = new Map<string, number>();
  private readonly fanOuts = new Fifo<FanOut>();
  /** in-process writers wait here while deliveries run far behind */
  private readonly writersGate = new CatchUpGate(WRITERS_WAIT_AT, WRITERS_RESUME_AT);
  private draining = false;
  private oldestResumable = 0;
  private latest = 0;
  private backendWatch: BackendWatch | undefined;
  private readonly namespaces: NamespaceIndex;

  constructor(
    private readonly backend: StoreBackend,
    private readonly store: ObjectStore,
    private readonly capacity = 10_000,
  ) {
    this.namespaces = new NamespaceIndex(async () => this.latest >= (await this.backend.currentRevision()));
  }

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
    // Every namespace now, the watch keeps the index current from here on.
    const namespaces = await this.backend.range(NAMESPACES_PREFIX);
    for (const kv of namespaces.items) this.namespaces.observe(kv.key, kv.modRevision, storedPhase(kv));
    this.namespaces.markSeeded();
    this.store.attachNamespaceIndex(this.namespaces);
    this.store.attachWatchedResources(this.watchesResource);
  }

  /**
   * undefined while deliveries keep up with the writes; else a promise that
   * resolves once they have caught up, for in-process writers to await
   * before writing (client-go's QPS limit, but by what the watchers take in).
   */
  whenCaughtUp(): Promise<void> | undefined {
    return this.writersGate.whenOpen();
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
    const unfiltered = filter.labelSelector === undefined && filter.fieldSelector === undefined;
    const watcher: Watcher = { prefix: scopePrefix(type, namespace), type, filter, sink, after: 0, buffer: undefined, unfiltered, queued: 0, sentThrough: 0 };
    const handle: WatchHandle = {
      close: () => this.removeWatcher(watcher),
      bookmarkRevision: () => (watcher.queued === 0 ? this.latest : Math.max(watcher.after, watcher.sentThrough)),
    };
    const rv = options.resourceVersion ?? '';
    if (rv === '' || rv === '0') {
      watcher.buffer = [];
      this.addWatcher(watcher);
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
    this.addWatcher(watcher);
    return handle;
  }

  /**
   * Takes in committed changes at once (revision, history, namespace index)
   * and queues their delivery, which runs in slices after the write returns.
   */
  private ingest(events: BackendEvent[]): void {
    for (const raw of events) {
      const event = CachedEvent.fromChange(raw, this.store.parsed);
      this.events.push(event);
      this.latest = Math.max(this.latest, event.revision);
      if (NamespaceIndex.isNamespaceKey(event.key)) this.namespaces.observe(event.key, event.revision, eventPhase(event));
      const targets: Watcher[] = [];
      for (const watcher of this.watchers) {
        if (!event.key.startsWith(watcher.prefix)) continue;
        if (watcher.buffer !== undefined) {
          watcher.buffer.push(event);
        } else {
          targets.push(watcher);
          watcher.queued++;
        }
      }
      if (targets.length > 0) this.fanOuts.push({ event, targets, next: 0 });
    }
    this.writersGate.observe(this.fanOuts.length);
    if (this.events.length > this.capacity * 1.25) {
      const drop = this.events.length - this.capacity;
      const last = this.events[drop - 1];
      if (last !== undefined) this.oldestResumable = last.revision;
      this.events.splice(0, drop);
    }
    if (this.fanOuts.length > 0 && !this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  /** Delivers queued events in order, one slice of time per turn of the event loop. */
  private drain(): void {
    const deadline = performance.now() + (this.fanOuts.length > BACKLOG_EVENTS ? BACKLOG_SLICE_MS : SLICE_MS);
    let delivered = 0;
    let sliceOver = false;
    while (!sliceOver) {
      const fanOut = this.fanOuts.peek();
      if (fanOut === undefined) break;
      while (fanOut.next < fanOut.targets.length) {
        const watcher = fanOut.targets[fanOut.next++];
        if (watcher === undefined) continue;
        watcher.queued--;
        // A watch closed since the event arrived gets nothing more.
        if (!this.watchers.has(watcher)) continue;
        this.deliverOrDrop(watcher, fanOut.event);
        if (++delivered % DELIVERIES_PER_CLOCK_CHECK === 0 && performance.now() >= deadline) {
          sliceOver = true;
          break;
        }
      }
      if (fanOut.next < fanOut.targets.length) break;
      this.fanOuts.shift();
      fanOut.event.release();
    }
    this.writersGate.observe(this.fanOuts.length);
    if (this.fanOuts.length === 0) this.draining = false;
    else setImmediate(() => this.drain());
  }

  /** A watcher whose sink throws loses its watch; the others go on. */
  private deliverOrDrop(watcher: Watcher, event: CachedEvent): void {
    try {
      this.deliver(watcher, event);
    } catch (error) {
      this.removeWatcher(watcher);
      watcher.sink.fail({ code: 500, reason: 'InternalError', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private deliver(watcher: Watcher, event: CachedEvent): void {
    if (event.revision <= watcher.after || !event.key.startsWith(watcher.prefix)) return;
    watcher.sentThrough = event.revision;
    // Without selectors every change matches, before and after: nothing to parse.
    if (watcher.unfiltered) {
      watcher.sink.send(event.type, event);
      return;
    }
    const nowMatches = matchesObject(watcher.type, event.object, watcher.filter);
    // A deletion is sent by what was deleted alone; its previous version need not be parsed.
    if (event.type === 'DELETED') {
      if (nowMatches) watcher.sink.send('DELETED', event);
      return;
    }
    const before = event.previous;
    const wasMatching = before !== undefined && matchesObject(watcher.type, before, watcher.filter);
    if (nowMatches) watcher.sink.send(event.type === 'MODIFIED' && !wasMatching ? 'ADDED' : event.type, event);
    else if (wasMatching) watcher.sink.send('DELETED', event);
  }

  private failAll(message: string): void {
    // Without its feed the namespace index knows nothing for sure any more.
    this.store.detachNamespaceIndex(this.namespaces);
    this.store.detachWatchedResources(this.watchesResource);
    this.namespaces.invalidate();
    this.fanOuts.clear();
    this.writersGate.open();
    for (const watcher of this.watchers) watcher.sink.fail({ code: 500, reason: 'InternalError', message });
    this.watchers.clear();
    this.watchersByResource.clear();
  }

  /** whether any watch of `type` is open, in any namespace and with any selector */
  readonly watchesResource = (type: ResourceType): boolean => this.watchersByResource.has(resourcePrefix(type));

  private addWatcher(watcher: Watcher): void {
    this.watchers.add(watcher);
    const resource = resourcePrefix(watcher.type);
    this.watchersByResource.set(resource, (this.watchersByResource.get(resource) ?? 0) + 1);
  }

  private removeWatcher(watcher: Watcher): void {
    if (!this.watchers.delete(watcher)) return;
    const resource = resourcePrefix(watcher.type);
    const left = (this.watchersByResource.get(resource) ?? 1) - 1;
    if (left > 0) this.watchersByResource.set(resource, left);
    else this.watchersByResource.delete(resource);
  }
}

/** A Namespace's phase from its stored value; undefined (ask the store) when it does not parse. */
function storedPhase(kv: KeyValue): NamespacePhase | undefined {
  try {
    return NamespaceIndex.phaseOf(decode(kv));
  } catch {
    return undefined;
  }
}

function eventPhase(event: CachedEvent): NamespacePhase | undefined {
  if (event.type === 'DELETED') return 'absent';
  try {
    return NamespaceIndex.phaseOf(event.object);
  } catch {
    return undefined;
  }
}
