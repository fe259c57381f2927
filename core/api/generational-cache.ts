/**
 * A cache for lookups too frequent for an exact LRU (`Lru` moves an entry on
 * every hit: a Map delete and insert, 2% of the API server's CPU when the
 * managedFields encoder and the pod spec checks asked it several times per
 * write). Entries live in a young and an old generation of up to
 * `capacity / 2` each: a hit in the young one costs one Map lookup, a hit in
 * the old one moves the entry to the young one, and when the young one is
 * full it becomes the old one, whose entries go. So between `capacity / 2`
 * and `capacity` entries stay, the recently used among them.
 */
export class GenerationalCache<V, K = string> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aging = this.old.get(key);
    if (aging !== undefined) {
      this.old.delete(key);
      this.keep(key, aging);
    }
    return aging;
  }

  set(key: K, value: V): void {
    this.old.delete(key);
    this.keep(key, value);
  }

  private keep(key: K, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
