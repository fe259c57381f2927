/**
 * A first-in first-out queue with O(1) `shift` at any length. An array's
 * own `shift` moves every element once the array is large (V8 cannot trim
 * the front of an array in its large-object space, past about 16,000
 * elements): a controller queue 100,000 keys long spent about 2% of the
 * control plane's CPU there in c1m-lite.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** the oldest item, left in place; undefined when empty */
  peek(): T | undefined {
    return this.items[this.head];
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  /** the oldest item, removed; undefined when empty */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      // Taken items are dropped in one copy once they are half of the array: each item is copied at most once on average.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
