/**
 * Which offsets of a range are taken, as Kubernetes' allocator bitmap keeps
 * them. Dynamic allocation takes the lowest free offset that is not reserved;
 * reserved offsets (the `kubernetes` and DNS Services' addresses) can only be
 * asked for by value.
 */
export class RangeBitmap {
  private readonly taken = new Set<number>();
  /** no free dynamic offset lies below this one */
  private lowestMaybeFree = 0;

  constructor(
    readonly size: number,
    private readonly reserved: ReadonlySet<number> = new Set(),
  ) {}

  /** false when the offset is taken already; the caller has checked it is inside the range */
  allocate(offset: number): boolean {
    if (this.taken.has(offset)) return false;
    this.taken.add(offset);
    return true;
  }

  /** the lowest free unreserved offset, now taken; undefined when there is none */
  allocateNext(): number | undefined {
    for (let offset = this.lowestMaybeFree; offset < this.size; offset++) {
      if (this.taken.has(offset) || this.reserved.has(offset)) continue;
      this.taken.add(offset);
      this.lowestMaybeFree = offset + 1;
      return offset;
    }
    this.lowestMaybeFree = this.size;
    return undefined;
  }

  release(offset: number): void {
    if (!this.taken.delete(offset)) return;
    if (offset < this.lowestMaybeFree) this.lowestMaybeFree = offset;
  }

  has(offset: number): boolean {
    return this.taken.has(offset);
  }

  get used(): number {
    return this.taken.size;
  }
}
