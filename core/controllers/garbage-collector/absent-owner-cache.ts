import { Lru } from '../../api/lru.ts';

/**
 * Owners the API server said do not exist (NotFound, or another uid under that
 * name), as Kubernetes' absentOwnerCache: a uid never comes back, so the
 * dependents of one deleted owner need one lookup, not one each. Bounded,
 * least recently used out first.
 */
export class AbsentOwnerCache {
  private readonly entries: Lru<true>;

  constructor(capacity = 500) {
    this.entries = new Lru(capacity);
  }

  has(key: string): boolean {
    return this.entries.get(key) === true;
  }

  add(key: string): void {
    this.entries.set(key, true);
  }

  get size(): number {
    return this.entries.size;
  }
}
