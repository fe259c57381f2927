import { Lru } from '../api/lru.ts';
import type { KeyValue } from '../contracts/store-backend.ts';

/**
 * The newest value of each of the keys written last (up to `capacity`; see
 * Lru for how they go), which the change history holds anyway: holding them
 * here costs no memory. Reads of those keys are answered from here,
 * without a trip to the SQLite thread, and a write names the version it
 * replaces by revision, so that the thread need not send back a previous
 * value (5 KiB for a pod) held here.
 * A read does not keep a key: only writes do, as the history does.
 */
export class NewestValues {
  private readonly values: Lru<KeyValue>;

  constructor(capacity: number) {
    this.values = new Lru(capacity);
  }

  get(key: string): KeyValue | undefined {
    return this.values.peek(key);
  }

  put(kv: KeyValue): void {
    this.values.set(kv.key, kv);
  }

  delete(key: string): void {
    this.values.delete(key);
  }
}
