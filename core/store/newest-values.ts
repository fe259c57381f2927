import type { KeyValue } from '../contracts/store-backend.ts';

/**
 * The newest value of each of the last `capacity` keys written, which the
 * change history holds anyway: holding them here costs no memory. Reads of
 * those keys are answered from here, without a trip to the SQLite thread,
 * and a write names the version it replaces by revision, so that the
 * thread need not send back a previous value (5 KiB for a pod) held here.
 */
export class NewestValues {
  private readonly values = new Map<string, KeyValue>();

  constructor(private readonly capacity: number) {}

  get(key: string): KeyValue | undefined {
    return this.values.get(key);
  }

  put(kv: KeyValue): void {
    // Deleted first, so that insertion order stays write order and the oldest goes first.
    this.values.delete(kv.key);
    this.values.set(kv.key, kv);
    if (this.values.size > this.capacity) {
      const oldest = this.values.keys().next().value;
      if (oldest !== undefined) this.values.delete(oldest);
    }
  }

  delete(key: string): void {
    this.values.delete(key);
  }
}
