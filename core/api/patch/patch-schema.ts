/**
 * The shape of the patch metadata tables: what the `patchStrategy`/`patchMergeKey` struct
 * tags (strategic merge patch) and the `+listType`/`+listMapKey`/`+structType`/`+mapType`
 * markers (server-side apply) of k8s.io/api say about one field.
 *
 * A field absent from the tables is a plain field: a list is atomic for server-side apply and
 * replaced whole by a strategic merge patch, a map is merged key by key. That is Kubernetes'
 * own default for untagged fields, so the tables only list the fields that differ from it.
 */

/** The `patchStrategy` struct tag. */
export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

/** `x-kubernetes-list-type`. */
export type ListType = 'atomic' | 'set' | 'map';

export interface ListStrategy {
  /** Strategic merge patch strategy; absent means the patch replaces the list. */
  strategy?: PatchStrategy;
  /** `patchMergeKey`: the field identifying a list item in a strategic merge patch. */
  mergeKey?: string;
  /** How server-side apply treats the list. */
  listType: ListType;
  /** `x-kubernetes-list-map-keys` when listType is 'map'. */
  listMapKeys?: string[];
  /** Values server-side apply assumes for map keys an item omits (`+default` on the key). */
  keyDefaults?: Readonly<Record<string, string>>;
}

/** Type name standing for "each value is atomic" in `of`. */
export const ATOMIC_TYPE = 'atomic';

export interface FieldSchema {
  /** Present for list fields whose metadata differs from the default (atomic, replaced). */
  list?: ListStrategy;
  /** `patchStrategy` on a map or struct field ('retainKeys' or 'replace'). */
  strategy?: PatchStrategy;
  /** `+structType=atomic` or `+mapType=atomic`: apply owns and replaces the value whole. */
  atomic?: boolean;
  /** The type describing the value, or each list item; ATOMIC_TYPE for atomic items. */
  of?: string;
}

/** The fields of one Go type that carry patch metadata, by JSON name. */
export type TypeSchema = Readonly<Record<string, FieldSchema>>;

/** A `patchStrategy:"merge"` + `+listType=map` list: kubectl merges by the first key, apply by all. */
export function mergeByKeys(
  keys: [string, ...string[]],
  of?: string,
  strategy: PatchStrategy = 'merge',
  keyDefaults?: Record<string, string>,
): FieldSchema {
  const list: ListStrategy = { strategy, mergeKey: keys[0], listType: 'map', listMapKeys: keys };
  if (keyDefaults !== undefined) list.keyDefaults = keyDefaults;
  return of === undefined ? { list } : { list, of };
}

/** A `+listType=map` list without a patch strategy: apply merges by key, a strategic patch replaces it. */
export function mapByKeys(keys: [string, ...string[]], of?: string): FieldSchema {
  const list: ListStrategy = { listType: 'map', listMapKeys: keys };
  return of === undefined ? { list } : { list, of };
}

/** A list a strategic patch merges by key but apply treats as atomic. */
export function mergeAtomic(mergeKey: string): FieldSchema {
  return { list: { strategy: 'merge', mergeKey, listType: 'atomic' } };
}

/** `patchStrategy:"merge"` + `+listType=set`: a union of scalars for both. */
export const MERGE_SET: FieldSchema = { list: { strategy: 'merge', listType: 'set' } };

/** `+listType=set` without a patch strategy. */
export const SET: FieldSchema = { list: { listType: 'set' } };

export const ATOMIC_MAP: FieldSchema = { atomic: true };

export function ref(of: string): FieldSchema {
  return { of };
}
