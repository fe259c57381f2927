/**
 * Owners the API server said do not exist (NotFound, or another uid under that
 * name), as Kubernetes' absentOwnerCache: a uid never comes back, so the
 * dependents of one deleted owner need one lookup, not one each. Bounded,
 * least recently used out first.
 */
export class AbsentOwnerCache {
  private readonly entries = new Set<string>();

  constructor(private readonly capacity = 500) {}

  has(key: string): boolean {
    if (!this.entries.has(key)) return false;
    // Re-inserting moves it to the young end of the Set's insertion order.
    this.entries.delete(key);
    this.entries.add(key);
    return true;
  }

  add(key: string): void {
    this.entries.delete(key);
    this.entries.add(key);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.values().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
