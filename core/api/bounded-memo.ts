/**
 * Values made from a key, kept by that key until `kept` keys are held; the
 * table then starts over (cheaper than evicting one by one, and these keys
 * recur: field names, quantities, label values). For lookups on every write
 * or event, where making the value again is the cost being spared; the
 * maker is given once, so a lookup allocates nothing.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(
    private readonly kept: number,
    private readonly make: (key: K) => V,
  ) {}

  get(key: K): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.kept) this.values.clear();
      value = this.make(key);
      this.values.set(key, value);
    }
    return value;
  }
}
