import { Lru } from '../lru.ts';
import { isRecord } from '../types/meta.ts';

/**
 * A set of field paths, as structured-merge-diff's fieldpath.Set, stored as the tree that
 * `metadata.managedFields[].fieldsV1` serializes: each step is a path element string
 * (`f:name` field, `k:{"name":"nginx"}` map-list item, `v:"x"` set item, `i:0` index),
 * and a node is a member when the path itself is in the set (`.` in FieldsV1).
 */

/** the children of every leaf: never changed (FieldSet adds children only to its own map) */
const NO_CHILDREN: ReadonlyMap<string, FieldSet> = new Map();

/** Encodings of recent sets by fingerprint (see toFieldsV1). */
const encodedSets = new Lru<FieldsV1>(4096);

/** A member leaf's encoding, `{}`: one frozen object for all, as leaves are most of an encoding and encodings are shared read-only. */
const MEMBER_LEAF: FieldsV1 = Object.freeze({});

/** The `fieldsV1` payload of a managedFields entry. */
export type FieldsV1 = Record<string, unknown>;

export type FieldPath = readonly string[];

/**
 * Built by `insert` (and the builders that own a fresh set); once built, a set is
 * never changed in place: union, difference and the like return new sets that
 * may share unchanged subtrees, or the set itself when nothing changed.
 */
export class FieldSet {
  member = false;
  /** made with the first child: most nodes are leaves, and a Map for each was most of a write's garbage */
  private ownChildren: Map<string, FieldSet> | undefined;

  /** read-only; a set under construction adds through `childAt` and `setChild` */
  get children(): ReadonlyMap<string, FieldSet> {
    return this.ownChildren ?? NO_CHILDREN;
  }

  setChild(element: string, child: FieldSet): void {
    (this.ownChildren ??= new Map()).set(element, child);
  }

  /** the child at `element`, added empty when there is none */
  childAt(element: string): FieldSet {
    let child = this.ownChildren?.get(element);
    if (child === undefined) {
      child = new FieldSet();
      this.setChild(element, child);
    }
    return child;
  }

  deleteChild(element: string): void {
    this.ownChildren?.delete(element);
  }

  static fromPaths(paths: readonly FieldPath[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  insert(path: FieldPath): void {
    let node: FieldSet = this;
    for (const element of path) node = node.childAt(element);
    node.member = true;
  }

  has(path: FieldPath): boolean {
    return this.child(path)?.member === true;
  }

  /** The subtree under `path` (fieldpath.Set.WithPrefix), if any. */
  child(path: FieldPath): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const element of path) node = node?.children.get(element);
    return node;
  }

  isEmpty(): boolean {
    if (this.member) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  /** this set itself when `other` adds nothing to it */
  union(other: FieldSet): FieldSet {
    if (other === this) return this;
    const out = new FieldSet();
    out.member = this.member || other.member;
    let changed = out.member !== this.member;
    for (const [element, child] of this.children) out.setChild(element, child);
    for (const [element, child] of other.children) {
      const mine = this.children.get(element);
      const merged = mine === undefined ? child : mine.union(child);
      if (merged !== mine) changed = true;
      out.setChild(element, merged);
    }
    return changed ? out : this;
  }

  /** Members of this set that are not members of `other`; an `other` member does not remove descendants. */
  difference(other: FieldSet): FieldSet {
    return this.combine(other, (mine, theirs) => mine && !theirs, false);
  }

  intersection(other: FieldSet): FieldSet {
    return this.combine(other, (mine, theirs) => mine && theirs, true);
  }

  /** Removes every path that is, or lies under, a member of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    if (other.member) return out;
    out.member = this.member;
    let changed = false;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      const kept = theirs === undefined ? child : child.recursiveDifference(theirs);
      if (kept !== child) changed = true;
      if (!kept.isEmpty()) out.setChild(element, kept);
      else changed = true;
    }
    return changed ? out : this;
  }

  /** Named fields with children become members too (fieldpath EnsureNamedFieldsAreMembers). */
  withNamedFieldsAsMembers(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [element, child] of this.children) {
      const copy = child.withNamedFieldsAsMembers();
      if (element.startsWith('f:') && child.children.size > 0) copy.member = true;
      out.setChild(element, copy);
    }
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [element, child] of this.children) out.setChild(element, child.clone());
    return out;
  }

  /** Every member path in Set.Iterate's order: a node's members, then its children's subtrees. */
  paths(prefix: string[] = []): string[][] {
    const elements = sortedElements(this.children.keys());
    const out: string[][] = [];
    for (const element of elements) {
      if (this.children.get(element)?.member === true) out.push([...prefix, element]);
    }
    for (const element of elements) {
      const child = this.children.get(element);
      if (child !== undefined) out.push(...child.paths([...prefix, element]));
    }
    return out;
  }

  /**
   * The set as FieldsV1. Sets of one shape recur (every pod of a template,
   * every status its kubelet writes), so encodings are kept by the set's
   * fingerprint, which is far cheaper to build than the sorted encoding.
   * The encoding is frozen because it is shared.
   */
  toFieldsV1(): FieldsV1 {
    const key = this.fingerprint() ?? '';
    const known = encodedSets.get(key);
    if (known !== undefined) return known;
    const encoded = this.encodeChildren() ?? MEMBER_LEAF;
    encodedSets.set(key, encoded);
    return encoded;
  }

  /**
   * A text that only this set's tree has: members as `.`, each child as its
   * element's length and element, then its subtree, in insertion order (so
   * one set built in two orders has two fingerprints, which only costs a
   * second encoding). Subtrees without members are left out, as encoding
   * leaves them out; undefined when there is no member at all.
   */
  private fingerprint(): string | undefined {
    let text = '';
    for (const [element, child] of this.children) {
      const subtree = child.fingerprint();
      if (subtree !== undefined) text += `${element.length}:${element}${subtree}`;
    }
    if (text === '' && !this.member) return undefined;
    return `${this.member ? '.' : ''}(${text})`;
  }

  /**
   * The children as FieldsV1, undefined when none has a member. One walk
   * that learns emptiness from what encoding gave: asking isEmpty() of each
   * subtree first walked every subtree once per level above it.
   */
  private encodeChildren(): FieldsV1 | undefined {
    return this.encodeWith(false);
  }

  /** This node as FieldsV1: `{}` for a member leaf, `.` first when a member has children; undefined when empty. */
  private encode(): FieldsV1 | undefined {
    return this.encodeWith(this.member);
  }

  /**
   * One frozen object, frozen as it is built (encodings are shared): `.`
   * first when `withMember`, then the children that have members. Every
   * member leaf is the one MEMBER_LEAF.
   */
  private encodeWith(withMember: boolean): FieldsV1 | undefined {
    let out: FieldsV1 | undefined;
    for (const element of sortedElements(this.children.keys())) {
      const encoded = this.children.get(element)?.encode();
      if (encoded === undefined) continue;
      out ??= withMember ? { '.': MEMBER_LEAF } : {};
      out[element] = encoded;
    }
    if (out === undefined) return withMember ? MEMBER_LEAF : undefined;
    return Object.freeze(out);
  }

  /** Parses a `fieldsV1` tree; throws on anything that is not one. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    if (!isRecord(fields)) throw new Error('FieldsV1 must be an object');
    for (const [key, value] of Object.entries(fields)) {
      if (key === '.') {
        set.member = true;
        continue;
      }
      const child = FieldSet.fromFieldsV1(value);
      if (!isRecord(value) || Object.keys(value).length === 0) child.member = true;
      set.setChild(canonicalElement(key), child);
    }
    return set;
  }

  private combine(other: FieldSet, keep: (mine: boolean, theirs: boolean) => boolean, needBoth: boolean): FieldSet {
    const out = new FieldSet();
    out.member = keep(this.member, other.member);
    let changed = out.member !== this.member;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      let result: FieldSet | undefined;
      if (theirs !== undefined) result = child.combine(theirs, keep, needBoth);
      else if (!needBoth) result = child;
      if (result !== child) changed = true;
      if (result !== undefined && !result.isEmpty()) out.setChild(element, result);
      else changed = true;
    }
    return changed ? out : this;
  }
}

function sortedElements(elements: Iterable<string>): string[] {
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

export function compareElements(a: string, b: string): number {
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

export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** Re-serializes `k:`/`v:` elements so differently spaced or ordered JSON names the same item. */
function canonicalElement(element: string): string {
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
