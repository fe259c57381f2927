import { isRecord } from '../types/meta.ts';
import { BoundedMemo } from '../bounded-memo.ts';

/**
 * Path elements as structured-merge-diff's fieldpath.PathElement writes
 * them in FieldsV1: `f:name` a field, `k:{"name":"nginx"}` an item of a
 * keyed list, `v:"x"` an item of a set, `i:0` an index. How they are
 * named, ordered (PathElement.Compare) and printed in conflicts.
 */

export type FieldPath = readonly string[];

export function sortedElements(elements: Iterable<string>): string[] {
  const list = [...elements];
  if (list.length < 2) return list;
  // Only `k:` and `v:` elements need their JSON parsed to compare; each is parsed once, not once per comparison.
  if (list.every(isPlainlyOrdered)) return list.sort(compareElements);
  const keyed = list.map((element) => ({ element, rank: elementRank(element), value: rankedValue(element) }));
  keyed.sort((a, b) => a.rank - b.rank || compareRest(a.rank, a.element, b.element, a.value, b.value));
  return keyed.map((entry) => entry.element);
}

/** `f:` fields, then `k:` keys, then `v:` values, then `i:` indices, as PathElement.Compare orders them. */
function elementRank(element: string): number {
  switch (element.charCodeAt(0)) {
    case 102: // f
      return 0;
    case 107: // k
      return 1;
    case 118: // v
      return 2;
    case 105: // i
      return 3;
    default:
      return -1;
  }
}

function isPlainlyOrdered(element: string): boolean {
  const rank = elementRank(element);
  return rank === 0 || rank === 3;
}

function rankedValue(element: string): unknown {
  return isPlainlyOrdered(element) ? undefined : parseJson(element.slice(2));
}

function compareElements(a: string, b: string): number {
  const rankA = elementRank(a);
  const rankB = elementRank(b);
  if (rankA !== rankB) return rankA - rankB;
  return compareRest(rankA, a, b, rankedValue(a), rankedValue(b));
}

/** Two elements of one kind: fields by name, indices by number, keys and values (and anything unknown) by value.Compare. */
function compareRest(rank: number, a: string, b: string, valueA: unknown, valueB: unknown): number {
  // Both carry the same two-character prefix, so whole strings compare as their rests do.
  if (rank === 0) return compareStrings(a, b);
  if (rank === 3) return Number(a.slice(2)) - Number(b.slice(2));
  return compareValues(valueA, valueB);
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** value.Compare: numbers < strings < booleans < lists < maps < null; key lists field by field. */
function compareValues(a: unknown, b: unknown): number {
  const rankDiff = valueRank(a) - valueRank(b);
  if (rankDiff !== 0) return rankDiff;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (isRecord(a) && isRecord(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    for (let i = 0; i < Math.min(keysA.length, keysB.length); i++) {
      const nameOrder = compareStrings(keysA[i] ?? '', keysB[i] ?? '');
      if (nameOrder !== 0) return nameOrder;
      const valueOrder = compareValues(a[keysA[i] ?? ''], b[keysB[i] ?? '']);
      if (valueOrder !== 0) return valueOrder;
    }
    return keysA.length - keysB.length;
  }
  return compareStrings(JSON.stringify(a), JSON.stringify(b));
}

// Module level on purpose: tsx (esbuild keepNames) names an arrow declared inside a function on every call.
function valueRank(v: unknown): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : isRecord(v) ? 4 : 5;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `k:{...}` with its keys sorted by name, as SMD keeps a key's field list. */
export function keyElement(keys: Readonly<Record<string, unknown>>): string {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(keys).sort()) sorted[name] = keys[name];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueElement(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

/**
 * Field elements by field name. A write's comparison makes one for every
 * field of the object, nearly all of them names seen before (the kinds'
 * own, the labels of a template); handing out the one kept string spares
 * the garbage, and the Map keys it becomes keep their hash. Past the bound
 * (label and annotation keys are anyone's) the table starts over.
 */
const fieldElements = new BoundedMemo<string, string>(4096, (name) => `f:${name}`);

export function fieldElement(name: string): string {
  return fieldElements.get(name);
}

/** Re-serializes `k:`/`v:` elements so differently spaced or ordered JSON names the same item. */
export function canonicalElement(element: string): string {
  if (element.startsWith('k:')) {
    const keys = parseJson(element.slice(2));
    if (isRecord(keys)) return keyElement(keys);
  }
  if (element.startsWith('v:')) return valueElement(parseJson(element.slice(2)));
  return element;
}

/** A path as Kubernetes prints it in conflicts: `.spec.template.spec.containers[name="nginx"].image`. */
export function pathString(path: FieldPath): string {
  return path
    .map((element) => {
      const rest = element.slice(2);
      if (element.startsWith('f:')) return `.${rest}`;
      if (element.startsWith('i:')) return `[${rest}]`;
      if (element.startsWith('v:')) return `[=${rest}]`;
      const keys = parseJson(rest);
      if (!isRecord(keys)) return `[${rest}]`;
      return `[${Object.entries(keys)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(',')}]`;
    })
    .join('');
}
