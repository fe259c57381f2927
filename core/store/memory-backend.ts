import type {
  BackendWatch,
  BackendWatchHandlers,
  KeyValue,
  RangeOptions,
  RangeResult,
  StoreBackend,
  WriteOutcome,
} from '../contracts/store-backend.ts';
import { BackendWatchers } from './backend-watchers.ts';
import { prefixEnd, sortedIndex } from './sorted-keys.ts';

export interface MemoryBackendOptions {
  /** how many changes watch can replay; older resume points get 410 Expired */
  historySize?: number;
}

/** Volatile backend for tests and throwaway clusters. */
export class MemoryBackend implements StoreBackend {
  readonly name = 'memory';
  readonly capabilities = { durable: false, shared: false };
  private readonly values = new Map<string, KeyValue>();
  /** keys in order, for prefix ranges */
  private readonly keys: string[] = [];
  private revision = 0;
  private readonly watchers: BackendWatchers;

  constructor(options: MemoryBackendOptions = {}) {
    this.watchers = new BackendWatchers(options.historySize ?? 10_000, 0);
  }

  async open(): Promise<void> {}

  async close(): Promise<void> {
    this.watchers.closeAll(new Error('store closed'));
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async modRevision(key: string): Promise<number | undefined> {
    return this.values.get(key)?.modRevision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.values.get(key);
  }

  async range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    const from = options.startAfter !== undefined && options.startAfter >= prefix ? options.startAfter : undefined;
    let i = from === undefined ? sortedIndex(this.keys, prefix) : sortedIndex(this.keys, from);
    if (from !== undefined && this.keys[i] === from) i++;
    const end = prefixEnd(prefix);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const items: KeyValue[] = [];
    for (; i < this.keys.length; i++) {
      const key = this.keys[i];
      if (key === undefined || key >= end) break;
      if (items.length >= limit) return { items, revision: this.revision, more: true };
      const kv = this.values.get(key);
      if (kv !== undefined) items.push(kv);
    }
    return { items, revision: this.revision, more: false };
  }

  async count(prefix: string): Promise<number> {
    return sortedIndex(this.keys, prefixEnd(prefix)) - sortedIndex(this.keys, prefix);
  }

  async create(key: string, value: string): Promise<WriteOutcome> {
    const existing = this.values.get(key);
    if (existing !== undefined) return { ok: false, current: existing };
    const revision = ++this.revision;
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    this.values.set(key, kv);
    this.keys.splice(sortedIndex(this.keys, key), 0, key);
    this.watchers.publish({ type: 'put', kv, prev: undefined, revision });
    return { ok: true, revision };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteOutcome> {
    const existing = this.values.get(key);
    if (existing === undefined || existing.modRevision !== expectedModRevision) return { ok: false, current: existing };
    const revision = ++this.revision;
    const kv: KeyValue = { key, value, createRevision: existing.createRevision, modRevision: revision };
    this.values.set(key, kv);
    this.watchers.publish({ type: 'put', kv, prev: existing, revision });
    return { ok: true, revision };
  }

  async delete(key: string, expectedModRevision: number): Promise<WriteOutcome> {
    const existing = this.values.get(key);
    if (existing === undefined || existing.modRevision !== expectedModRevision) return { ok: false, current: existing };
    const revision = ++this.revision;
    this.values.delete(key);
    this.keys.splice(sortedIndex(this.keys, key), 1);
    this.watchers.publish({ type: 'delete', kv: { ...existing, modRevision: revision }, prev: existing, revision });
    return { ok: true, revision };
  }

  async watch(prefix: string, fromRevision: number, handlers: BackendWatchHandlers): Promise<BackendWatch> {
    return this.watchers.watch(prefix, fromRevision, handlers);
  }

  async compact(revision: number): Promise<void> {
    this.watchers.compact(revision);
  }
}
