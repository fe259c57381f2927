/**
 * The store-backend extension point: a revisioned key-value store with watch,
 * shaped like etcd's MVCC API so that etcd itself can be a backend.
 *
 * The core's ObjectStore is the only caller. It owns Kubernetes semantics (uid,
 * generation, finalizers, selectors); a backend owns durability, the
 * cluster-wide revision counter, compare-and-swap on a key's modRevision, and
 * a bounded history of changes for watch.
 */

export interface StoreBackendCapabilities {
  /** writes survive a process crash once acknowledged */
  durable: boolean;
  /** several API server processes may share this backend (etcd); false for memory and SQLite */
  shared: boolean;
}

export interface KeyValue {
  key: string;
  /** the object's JSON text */
  value: string;
  createRevision: number;
  modRevision: number;
}

export type WriteOutcome =
  | { ok: true; revision: number }
  /** the compare failed: the key exists (create), is missing, or has another modRevision */
  | { ok: false; current: KeyValue | undefined };

export interface RangeOptions {
  /** only keys strictly greater than this one (pagination) */
  startAfter?: string;
  /** at most this many items */
  limit?: number;
}

export interface RangeResult {
  items: KeyValue[];
  /** the store revision the read reflects */
  revision: number;
  /** true when keys beyond the last item match the prefix */
  more: boolean;
}

export interface BackendEvent {
  type: 'put' | 'delete';
  /** for put: the new value; for delete: the value it had */
  kv: KeyValue;
  /** the value before this change, when there was one */
  prev: KeyValue | undefined;
  revision: number;
}

export interface BackendWatch {
  close(): void;
}

export interface BackendWatchHandlers {
  /** events in revision order, each revision once */
  onEvents(events: BackendEvent[]): void;
  /** the watch can no longer continue (connection lost, store closed) */
  onError(error: Error): void;
}

/** Thrown by `watch` when `fromRevision` is older than the retained history. */
export class RevisionCompactedError extends Error {
  readonly compactedRevision: number;
  constructor(requested: number, compactedRevision: number) {
    super(`revision ${requested} has been compacted; the oldest available is ${compactedRevision + 1}`);
    this.name = 'RevisionCompactedError';
    this.compactedRevision = compactedRevision;
  }
}

export interface StoreBackend {
  readonly name: string;
  readonly capabilities: StoreBackendCapabilities;
  open(): Promise<void>;
  close(): Promise<void>;
  currentRevision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  /**
   * The key's modRevision without its value, for a caller that holds that
   * version parsed already (the store's next update of an object it wrote).
   * Optional: without it the caller reads the whole key.
   */
  modRevision?(key: string): Promise<number | undefined>;
  /** keys that start with `prefix`, in key order */
  range(prefix: string, options?: RangeOptions): Promise<RangeResult>;
  count(prefix: string): Promise<number>;
  /** stores `value` when `key` does not exist */
  create(key: string, value: string): Promise<WriteOutcome>;
  /** replaces `value` when the key's modRevision is `expectedModRevision` */
  update(key: string, value: string, expectedModRevision: number): Promise<WriteOutcome>;
  /** removes the key when its modRevision is `expectedModRevision` */
  delete(key: string, expectedModRevision: number): Promise<WriteOutcome>;
  /**
   * Streams every change under `prefix` with a revision greater than
   * `fromRevision`, first the retained history, then live changes. Throws
   * RevisionCompactedError when that history is no longer retained.
   */
  watch(prefix: string, fromRevision: number, handlers: BackendWatchHandlers): Promise<BackendWatch>;
  /** drops history older than `revision` */
  compact(revision: number): Promise<void>;
}
