import type { KubeObject } from '../../api/types/meta.ts';
import { objectKeyOf } from './result.ts';

export type IndexFunction = (obj: KubeObject) => string[];

interface Indexer {
  index: IndexFunction;
  /** the keys of the objects by each value the index gives */
  values: Map<string, Set<string>>;
}

/** The informer's store: objects by key, plus secondary indexes (pods by node, by owner, ...). */
export class IndexedCache {
  private readonly objects = new Map<string, KubeObject>();
  /** in a list, walked on every change (a Map's entries would be an array each) */
  private readonly indexers: Indexer[] = [];
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  addIndex(name: string, index: IndexFunction): void {
    if (this.indexes.has(name)) throw new Error(`index ${name} already exists`);
    const values = new Map<string, Set<string>>();
    this.indexers.push({ index, values });
    this.indexes.set(name, values);
    for (const key of this.objects.keys()) {
      const obj = this.objects.get(key);
      if (obj !== undefined) for (const value of index(obj)) add(values, value, key);
    }
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
    const values = this.indexes.get(name);
    if (values === undefined) throw new Error(`no index named ${name}`);
    const keys = values.get(value);
    if (keys === undefined) return [];
    const out: KubeObject[] = [];
    for (const key of keys) {
      const obj = this.objects.get(key);
      if (obj !== undefined) out.push(obj);
    }
    return out;
  }

  /** how many objects byIndex would return, without gathering them */
  countByIndex(name: string, value: string): number {
    const values = this.indexes.get(name);
    if (values === undefined) throw new Error(`no index named ${name}`);
    return values.get(value)?.size ?? 0;
  }

  /** stores `obj` and returns what it replaced */
  upsert(obj: KubeObject): KubeObject | undefined {
    const key = objectKeyOf(obj.metadata);
    const old = this.objects.get(key);
    this.objects.set(key, obj);
    for (const { index, values } of this.indexers) {
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
      for (const value of index(obj)) remove(values, value, key);
    }
  }
}

function remove(values: Map<string, Set<string>>, value: string, key: string): void {
  const keys = values.get(value);
  keys?.delete(key);
  if (keys !== undefined && keys.size === 0) values.delete(value);
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function add(values: Map<string, Set<string>>, value: string, key: string): void {
  let keys = values.get(value);
  if (keys === undefined) {
    keys = new Set();
    values.set(value, keys);
  }
  keys.add(key);
}

/** Built-in index functions every controller wants. */
export const Indexes = {
  namespace: (obj: KubeObject): string[] => [obj.metadata.namespace ?? ''],
  /** owners by uid, so a ReplicaSet finds its pods and the GC finds dependents */
  ownerUid: (obj: KubeObject): string[] => (obj.metadata.ownerReferences ?? []).map((o) => o.uid),
  /** objects no controller owns, by namespace: all a controller may adopt (what it owns is under `owner`) */
  uncontrolledInNamespace: (obj: KubeObject): string[] => ((obj.metadata.ownerReferences ?? []).some((o) => o.controller === true) ? [] : [obj.metadata.namespace ?? '']),
  /** pods by node */
  nodeName: (obj: KubeObject): string[] => {
    const spec = obj['spec'];
    const node = typeof spec === 'object' && spec !== null && 'nodeName' in spec ? (spec as { nodeName?: unknown }).nodeName : undefined;
    return typeof node === 'string' && node !== '' ? [node] : [];
  },
};
