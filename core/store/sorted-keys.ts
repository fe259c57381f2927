/** first index whose key is >= `key` (binary search over a sorted array) */
export function sortedIndex(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = keys[mid];
    if (at !== undefined && at < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** the smallest string greater than every string that starts with `prefix` */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}
