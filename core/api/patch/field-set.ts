import { GenerationalCache } from '../generational-cache.ts';
import { isRecord } from '../types/meta.ts';
import { canonicalElement, sortedElements, type FieldPath } from './path-element.ts';
import { BoundedMemo } from '../bounded-memo.ts';

/**
 * A set of field paths, as structured-merge-diff's fieldpath.Set, stored as the tree that
 * `metadata.managedFields[].fieldsV1` serializes: each step is a path element string
 * (`f:name` field, `k:{"name":"nginx"}` map-list item, `v:"x"` set item, `i:0` index),
 * and a node is a member when the path itself is in the set (`.` in FieldsV1).
 */

/** the children of every leaf: never changed (FieldSet adds children only to its own map) */
const NO_CHILDREN: ReadonlyMap<string, FieldSet> = new Map();

/** An encoding and the subtree it encodes (see encodeKept). */
interface KeptEncoding {
  set: FieldSet;
  /** whether the subtree's own member is in the encoding (`.`): a root's is not */
  withMember: boolean;
  encoded: FieldsV1;
}

/** Encodings of recent subtrees by their members' hash (at least 8,192 hashes); a hash may hold several shapes. */
const keptEncodings = new GenerationalCache<KeptEncoding[], number>(16_384);

/** Under test, every kept hash is checked against one computed afresh (see membersHash). */
const CHECK_HASHES = process.env['KUBERNEL_FREEZE_SHARED_OBJECTS'] === '1';

/** A member leaf's encoding, `{}`: one frozen object for all, as leaves are most of an encoding and encodings are shared read-only. */
const MEMBER_LEAF: FieldsV1 = Object.freeze({});

/** The `fieldsV1` payload of a managedFields entry. */
export type FieldsV1 = Record<string, unknown>;


/**
 * Built by `insert` (and the builders that own a fresh set); once built, a set is
 * never changed in place: union, difference and the like return new sets that
 * may share unchanged subtrees, or the set itself when nothing changed.
 */
export class FieldSet {
  private ownMember = false;
  /** made with the first child: most nodes are leaves, and a Map for each was most of a write's garbage */
  private ownChildren: Map<string, FieldSet> | undefined;
  /** membersHash, kept once computed (null: no members); a set is not changed once encoded */
  private hashKept: number | null | undefined;

  get member(): boolean {
    return this.ownMember;
  }

  set member(value: boolean) {
    this.ownMember = value;
    this.hashKept = undefined;
  }

  /**
   * read-only; a set under construction adds through `childAt` and `setChild`.
   * Walked by key with a lookup, never by entries: `for (const [k, v] of map)`
   * allocates an array per entry even in optimised code, and these walks run
   * over every node of the sets each write compares and encodes.
   */
  get children(): ReadonlyMap<string, FieldSet> {
    return this.ownChildren ?? NO_CHILDREN;
  }

  setChild(element: string, child: FieldSet): void {
    this.hashKept = undefined;
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
    this.hashKept = undefined;
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
    if (this.ownChildren !== undefined) out.ownChildren = new Map(this.ownChildren);
    for (const element of other.children.keys()) {
      const child = other.children.get(element);
      if (child === undefined) continue;
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
    for (const element of this.children.keys()) {
      const child = this.children.get(element);
      if (child === undefined) continue;
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
    for (const element of this.children.keys()) {
      const child = this.children.get(element);
      if (child === undefined) continue;
      const copy = child.withNamedFieldsAsMembers();
      if (element.startsWith('f:') && child.children.size > 0) copy.member = true;
      out.setChild(element, copy);
    }
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const element of this.children.keys()) {
      const child = this.children.get(element);
      if (child !== undefined) out.setChild(element, child.clone());
    }
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
   * every status its kubelet writes), and so do their subtrees when the
   * whole does not (a kubelet's conditions and container statuses, beside
   * the pod's own IP): each subtree's encoding is kept by its members' hash,
   * and a set is encoded by reusing what is kept and building the rest.
   * Encodings are frozen because they are shared.
   */
  toFieldsV1(): FieldsV1 {
    return this.encodeKept(false) ?? MEMBER_LEAF;
  }

  /**
   * This node as FieldsV1, its own member included when `withMember`:
   * undefined when it has no member to encode, the one MEMBER_LEAF for a
   * member leaf, else a kept encoding of a subtree with the same members,
   * or one built now (from its children's, kept or built) and kept.
   */
  private encodeKept(withMember: boolean): FieldsV1 | undefined {
    if (this.children.size === 0) return withMember && this.member ? MEMBER_LEAF : undefined;
    const hash = this.membersHash();
    if (hash === null) return undefined;
    const kept = keptEncodings.get(hash);
    for (const candidate of kept ?? []) {
      if (candidate.withMember === withMember && (candidate.set === this || candidate.set.sameMembers(this, withMember))) return candidate.encoded;
    }
    let out: FieldsV1 | undefined;
    for (const element of sortedElements(this.children.keys())) {
      const child = this.children.get(element);
      const encoded = child?.encodeKept(child.member);
      if (encoded === undefined) continue;
      out ??= withMember && this.member ? { '.': MEMBER_LEAF } : {};
      out[element] = encoded;
    }
    const encoded = out === undefined ? (withMember && this.member ? MEMBER_LEAF : undefined) : Object.freeze(out);
    if (encoded === undefined) return undefined;
    const entry = { set: this, withMember, encoded };
    if (kept === undefined) keptEncodings.set(hash, [entry]);
    else kept.push(entry);
    return encoded;
  }

  /**
   * A hash of the members at and under this node, null when it has none:
   * sets with the same members hash alike, however they were built (a
   * child's part is summed, so insertion order does not count), and
   * subtrees without members count for nothing, as encoding leaves them
   * out. Kept on the node once computed: sets are not changed once encoded.
   */
  private membersHash(): number | null {
    if (this.hashKept !== undefined) {
      if (CHECK_HASHES && this.hashKept !== this.computeMembersHash()) throw new Error('a FieldSet was changed after it was encoded');
      return this.hashKept;
    }
    this.hashKept = this.computeMembersHash();
    return this.hashKept;
  }

  /** Whether `other` has the same members (this node's own only when `withMember`), leaving out subtrees without any. */
  private sameMembers(other: FieldSet, withMember: boolean): boolean {
    if (withMember && this.member !== other.member) return false;
    let compared = 0;
    for (const element of this.children.keys()) {
      const child = this.children.get(element);
      if (child === undefined) continue;
      if (child.membersHash() === null) continue;
      const theirs = other.children.get(element);
      if (theirs === undefined || !child.sameMembers(theirs, true)) return false;
      compared++;
    }
    let theirs = 0;
    for (const child of other.children.values()) if (child.membersHash() !== null) theirs++;
    return compared === theirs;
  }

  private computeMembersHash(): number | null {
    let sum = 0;
    let any = this.member;
    for (const element of this.children.keys()) {
      const child = this.children.get(element);
      if (child === undefined) continue;
      const subtree = child.membersHash();
      if (subtree === null) continue;
      any = true;
      sum = (sum + mix32(elementHash(element) ^ Math.imul(subtree, 0x9e3779b1))) | 0;
    }
    if (!any) return null;
    return mix32(sum ^ (this.member ? 0x5bd1e995 : 0x1b873593));
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
    for (const element of this.children.keys()) {
      const child = this.children.get(element);
      if (child === undefined) continue;
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

/**
 * textHash of an element, kept by the element: the same few hundred
 * elements (field names, condition types) make up most sets, and a Map
 * finds a string by the hash the engine keeps in it, where FNV-1a walks it
 * code unit by code unit every time. Bounded: past it the table starts over.
 */
const elementHashes = new BoundedMemo<string, number>(8192, textHash);

function elementHash(element: string): number {
  return elementHashes.get(element);
}

/** FNV-1a over the UTF-16 code units of `text`. */
function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** MurmurHash3's finaliser: spreads every input bit over the whole word. */
function mix32(value: number): number {
  let hash = value ^ (value >>> 16);
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}
