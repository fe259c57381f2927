import type { KubeObject } from '../../api/types/meta.ts';
import { objectKeyOf } from './result.ts';
import { BoundedMemo } from '../../api/bounded-memo.ts';

/** the values an object is indexed under; may be a list shared with other objects, never to be changed */
export type IndexFunction = (obj: KubeObject) => readonly string[];

/**
 * The keys of the objects with each index value: the one key itself while
 * there is one, a Set from the second on. Many indexes give each object a
 * value of its own (a uid index, the pods of an owner being a few), and a
 * Set for each of 100,000 objects was megabytes the collector marks.
 */
type IndexValues = Map<string, string | Set<string>>;

interface Indexer {
  index: IndexFunction;
  /** the keys of the objects by each value the index gives; built when first read */
  values: IndexValues | undefined;
}

/**
 * The informer's store: objects by key, plus secondary indexes (pods by
 * node, by owner, ...). An index is built when it is first read and kept up
 * from then on: the shared informers give every kind the indexes some
 * controller reads for some kind (namespace, owner, uncontrolled), and
 * keeping all of them up for each ConfigMap create, which nothing reads
 * until a deletion, was about 9% of a create's server CPU in `store`.
 */
export class IndexedCache {
  private readonly objects = new Map<string, KubeObject>();
  /** in a list, walked on every change (a Map's entries would be an array each) */
  private readonly indexers: Indexer[] = [];
  private readonly indexes = new Map<string, Indexer>();

  addIndex(name: string, index: IndexFunction): void {
    if (this.indexes.has(name)) throw new Error(`index ${name} already exists`);
    const indexer: Indexer = { index, values: undefined };
    this.indexers.push(indexer);
    this.indexes.set(name, indexer);
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  keys(): IterableIterator<string> {
    return this.objects.keys();
  }

  get size(): number {
    return this.objects.size;
  }

  byIndex(name: string, value: string): KubeObject[] {
    const keys = this.valuesOf(name).get(value);
    if (keys === undefined) return [];
    if (typeof keys === 'string') {
      const only = this.objects.get(keys);
      return only === undefined ? [] : [only];
    }
    const out: KubeObject[] = [];
    for (const key of keys) {
      const obj = this.objects.get(key);
      if (obj !== undefined) out.push(obj);
    }
    return out;
  }

  /** how many objects byIndex would return, without gathering them */
  countByIndex(name: string, value: string): number {
    const keys = this.valuesOf(name).get(value);
    return keys === undefined ? 0 : typeof keys === 'string' ? 1 : keys.size;
  }

  private valuesOf(name: string): IndexValues {
    const indexer = this.indexes.get(name);
    if (indexer === undefined) throw new Error(`no index named ${name}`);
    if (indexer.values === undefined) {
      const values: IndexValues = new Map();
      for (const [key, obj] of this.objects) for (const value of indexer.index(obj)) add(values, value, key);
      indexer.values = values;
    }
    return indexer.values;
  }

  /** stores `obj` and returns what it replaced */
  upsert(obj: KubeObject): KubeObject | undefined {
    const key = objectKeyOf(obj.metadata);
    const old = this.objects.get(key);
    this.objects.set(key, obj);
    for (const { index, values } of this.indexers) {
      if (values === undefined) continue;
      const now = index(obj);
      if (old !== undefined) {
        const before = index(old);
        // Most updates leave an object's index values alone (its namespace, owners, node): nothing to move.
        if (sameValues(before, now)) continue;
        for (const value of before) remove(values, value, key);
      }
      for (const value of now) add(values, value, key);
    }
    return old;
  }

  remove(key: string): KubeObject | undefined {
    const old = this.objects.get(key);
    if (old === undefined) return undefined;
    this.unindex(key, old);
    this.objects.delete(key);
    return old;
  }

  private unindex(key: string, obj: KubeObject): void {
    for (const { index, values } of this.indexers) {
      if (values === undefined) continue;
      for (const value of index(obj)) remove(values, value, key);
    }
  }
}

function remove(values: IndexValues, value: string, key: string): void {
  const keys = values.get(value);
  if (keys === undefined) return;
  if (typeof keys === 'string') {
    if (keys === key) values.delete(value);
    return;
  }
  keys.delete(key);
  if (keys.size === 0) values.delete(value);
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function add(values: IndexValues, value: string, key: string): void {
  const keys = values.get(value);
  if (keys === undefined) values.set(value, key);
  else if (typeof keys === 'string') {
    if (keys !== key) values.set(value, new Set([keys, key]));
  } else keys.add(key);
}

const NO_VALUES: readonly string[] = Object.freeze([]);

/**
 * One-value lists by their value. Every change an informer sees asks each
 * index for the values of the new and the old version: the namespace, owner
 * and node of most objects are one value each, shared by many, so the lists
 * are too (bounded: past it the table starts over).
 */
const oneValueLists = new BoundedMemo<string, readonly string[]>(4096, (value) => Object.freeze([value]));

function oneValue(value: string): readonly string[] {
  return oneValueLists.get(value);
}

/** Built-in index functions every controller wants. */
export const Indexes = {
  namespace: (obj: KubeObject): readonly string[] => oneValue(obj.metadata.namespace ?? ''),
  /** owners by uid, so a ReplicaSet finds its pods and the GC finds dependents */
  ownerUid: (obj: KubeObject): readonly string[] => {
    const owners = obj.metadata.ownerReferences ?? [];
    if (owners.length === 0) return NO_VALUES;
    return owners.length === 1 ? oneValue(owners[0]?.uid ?? '') : owners.map((o) => o.uid);
  },
  /** objects no controller owns, by namespace: all a controller may adopt (what it owns is under `owner`) */
  uncontrolledInNamespace: (obj: KubeObject): readonly string[] =>
    (obj.metadata.ownerReferences ?? []).some((o) => o.controller === true) ? NO_VALUES : oneValue(obj.metadata.namespace ?? ''),
  /** pods by node */
  nodeName: (obj: KubeObject): readonly string[] => {
    const spec = obj['spec'];
    const node = typeof spec === 'object' && spec !== null && 'nodeName' in spec ? (spec as { nodeName?: unknown }).nodeName : undefined;
    return typeof node === 'string' && node !== '' ? oneValue(node) : NO_VALUES;
  },
};
