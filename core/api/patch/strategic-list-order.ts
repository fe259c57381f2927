import { isRecord } from '../types/meta.ts';
import { errNoListOfLists, errNoMergeKey, goFormat, internal } from './strategic-patch-errors.ts';

/**
 * List helpers of the strategic merge patch: element kinds, lookup by merge key, and the
 * ordering rules of k8s.io/apimachinery strategicpatch (patch order wins over live order,
 * `$setElementOrder` over both), kept step for step so lists come out in Kubernetes' order.
 */

/** Whether a list holds maps (merged by key) or scalars (merged as a union). */
export type ElementKind = 'map' | 'scalar';

const DELETE_DIRECTIVE = 'delete';
const DIRECTIVE_MARKER = '$patch';

function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'slice';
  if (isRecord(value)) return 'map';
  return value === null ? 'nil' : typeof value;
}

/** sliceElementType: all elements of all lists must share one kind, and none may be a list. */
export function sliceElementKind(...lists: ReadonlyArray<readonly unknown[]>): ElementKind {
  let previous: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const kind = goKind(item);
      if (previous === undefined) {
        if (kind === 'slice') throw errNoListOfLists();
        previous = kind;
      } else if (previous !== kind) {
        throw internal(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (previous === undefined) throw internal('no elements in any of the given slices');
  return previous === 'map' ? 'map' : 'scalar';
}

function identity(item: unknown, mergeKey: string, kind: ElementKind): unknown {
  if (kind === 'scalar') return item;
  return isRecord(item) ? item[mergeKey] : undefined;
}

/** Position of `item` in `list`, comparing merge key values for maps and values for scalars. */
export function indexOf(list: readonly unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const wanted = identity(item, mergeKey, kind);
  return list.findIndex((candidate) => identity(candidate, mergeKey, kind) === wanted);
}

/** findMapInSliceBasedOnKeyValue: the first map whose `key` equals `value`. */
export function findByKey(list: readonly unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isRecord(item)) throw internal(`value for key ${i} is not a map`);
    if (key in item && item[key] === value) return i;
  }
  return -1;
}

/** Splits `merged` into the items present in `partitionBy` and the rest (server-only items). */
export function partitionByPresence(
  merged: readonly unknown[],
  partitionBy: readonly unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    let present: boolean;
    if (mergeKey === '') {
      present = partitionBy.includes(item);
    } else {
      if (!isRecord(item)) throw internal(`expected a map[string]interface {}, but received a ${goKind(item)}`);
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
      present = findByKey(partitionBy, mergeKey, item[mergeKey]) >= 0;
    }
    (present ? inPatch : serverOnly).push(item);
  }
  return [inPatch, serverOnly];
}

/** Go's sort.SliceStable on short lists: an insertion sort, reproduced because `less` is not a strict order. */
function insertionSort(items: unknown[], less: (a: unknown, b: unknown) => boolean): void {
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0; j--) {
      const current = items[j];
      const before = items[j - 1];
      if (!less(current, before)) break;
      items[j] = before;
      items[j - 1] = current;
    }
  }
}

function normalizeSliceOrder(toSort: unknown[], order: readonly unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let kept = toSort;
  let deleted: unknown[] = [];
  if (kind === 'map') {
    for (const item of [...toSort, ...order]) {
      if (!isRecord(item) || !(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    }
    kept = toSort.filter((item) => !(isRecord(item) && item[DIRECTIVE_MARKER] === DELETE_DIRECTIVE));
    deleted = toSort.filter((item) => isRecord(item) && item[DIRECTIVE_MARKER] === DELETE_DIRECTIVE);
  }
  insertionSort(kept, (a, b) => {
    const ia = indexOf(order, a, mergeKey, kind);
    const ib = indexOf(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  });
  return [...kept, ...deleted];
}

/**
 * mergeSortedSlice: interleaves the server-only items into the patch items, keeping each
 * side's relative order and using the live list to place server-only items.
 */
function mergeSortedSlice(
  left: readonly unknown[],
  right: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** normalizeElementOrder: patch items in `patchOrder`, server-only items in live order, interleaved. */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

/** deduplicateScalars, including its habit of moving the last item into a duplicate's place. */
export function deduplicateScalars(list: unknown[]): unknown[] {
  const s = [...list];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}
