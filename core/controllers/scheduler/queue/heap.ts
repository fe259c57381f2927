/** An item that remembers where it sits in the one heap holding it, so it can be removed or re-sorted in O(log n). */
export interface HeapItem {
  heapIndex: number;
}

/** A binary min-heap by `less`. */
export class Heap<T extends HeapItem> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  remove(item: T): boolean {
    const index = item.heapIndex;
    if (this.items[index] !== item) return false;
    this.removeAt(index);
    return true;
  }

  /** restores order after `item`'s sort key changed */
  fix(item: T): void {
    if (this.items[item.heapIndex] !== item) return;
    this.up(item.heapIndex);
    this.down(item.heapIndex);
  }

  private removeAt(index: number): void {
    const last = this.items.pop();
    const removed = this.items[index];
    if (removed !== undefined) removed.heapIndex = -1;
    if (last === undefined || index >= this.items.length) {
      if (last !== undefined) last.heapIndex = -1;
      return;
    }
    this.items[index] = last;
    last.heapIndex = index;
    this.up(index);
    this.down(last.heapIndex);
  }

  private up(index: number): void {
    const item = this.items[index];
    if (item === undefined) return;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.items[parentIndex];
      if (parent === undefined || !this.less(item, parent)) break;
      this.items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    this.items[index] = item;
    item.heapIndex = index;
  }

  private down(index: number): void {
    const item = this.items[index];
    if (item === undefined) return;
    const n = this.items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const leftItem = this.items[left];
      const rightItem = this.items[right];
      let child = left;
      let childItem = leftItem;
      if (rightItem !== undefined && leftItem !== undefined && this.less(rightItem, leftItem)) {
        child = right;
        childItem = rightItem;
      }
      if (childItem === undefined || !this.less(childItem, item)) break;
      this.items[index] = childItem;
      childItem.heapIndex = index;
      index = child;
    }
    this.items[index] = item;
    item.heapIndex = index;
  }
}
