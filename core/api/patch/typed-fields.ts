import { ApiError } from '../errors.ts';
import { isRecord } from '../types/meta.ts';
import { FieldSet } from './field-set.ts';
import { fieldElement, keyElement, pathString, valueElement, type FieldPath } from './path-element.ts';
import type { FieldSchema, ListStrategy } from './patch-strategy.ts';
import { childSchema, itemSchema } from './patch-strategy.ts';
import { BoundedMemo } from '../bounded-memo.ts';

/**
 * Objects seen through their server-side apply schema (structured-merge-diff's typed values):
 * how a list item is named in a field path, the field set an object sets, and removing paths.
 * A list without metadata is atomic and a map without it granular, as for untagged fields.
 */

/** The list metadata server-side apply uses, or undefined when the list is atomic. */
export function associativeList(schema: FieldSchema | undefined): ListStrategy | undefined {
  const list = schema?.list;
  return list === undefined || list.listType === 'atomic' ? undefined : list;
}

/** Thrown (as a 500, like kube-apiserver's typed conversion errors) when an item cannot be named. */
function typedError(path: FieldPath, message: string): ApiError {
  return new ApiError('InternalError', `${pathString(path)}: ${message}`);
}

/** The path element naming one item of an associative list: `k:{...}` by its keys or `v:...` by value. */
export function listItemElement(list: ListStrategy, item: unknown, path: FieldPath, index: number): string {
  if (list.listType === 'set') {
    if (isRecord(item) || Array.isArray(item)) {
      throw typedError(path, `element ${index}: only scalar values can be items of a set`);
    }
    return valueElement(item);
  }
  if (!isRecord(item)) throw typedError(path, `element ${index}: associative list with keys may not have non-map elements`);
  const names = list.listMapKeys ?? [];
  const only = names.length === 1 ? names[0] : undefined;
  if (only !== undefined) return singleKeyElement(only, keyValue(list, item, only, path, index));
  const keys: Record<string, unknown> = {};
  for (const name of names) keys[name] = keyValue(list, item, name, path, index);
  return keyElement(keys);
}

function keyValue(list: ListStrategy, item: Record<string, unknown>, name: string, path: FieldPath, index: number): unknown {
  const value = name in item ? item[name] : list.keyDefaults?.[name];
  if (value === undefined) {
    throw typedError(path, `element ${index}: associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`);
  }
  return value;
}

/**
 * The elements of items keyed by one field (a container's name, a
 * condition's type, an IP) by that field and its string value. Every write
 * compares its lists item by item, mostly the same items as the last write;
 * keyElement sorts and serialises an object per item. What it gives for one
 * key, `k:{"type":"Ready"}`, is written directly, and kept (per field, up
 * to 4,096 values, then that field's table starts over).
 */
const singleKeyElements = new BoundedMemo<string, BoundedMemo<string, string>>(256, (name) => new BoundedMemo(4096, (value) => writeSingleKey(name, value)));

function singleKeyElement(name: string, value: unknown): string {
  return typeof value === 'string' ? singleKeyElements.get(name).get(value) : writeSingleKey(name, value);
}

function writeSingleKey(name: string, value: unknown): string {
  return `k:{${JSON.stringify(name)}:${JSON.stringify(value)}}`;
}

/** Items of an associative list by path element; `duplicates` lists the elements seen twice. */
export function indexListItems(
  list: ListStrategy,
  items: readonly unknown[],
  path: FieldPath,
): { elements: string[]; byElement: Map<string, unknown[]> } {
  const elements: string[] = [];
  const byElement = new Map<string, unknown[]>();
  items.forEach((item, index) => {
    const element = listItemElement(list, item, path, index);
    const seen = byElement.get(element);
    if (seen === undefined) {
      byElement.set(element, [item]);
      elements.push(element);
    } else {
      seen.push(item);
    }
  });
  return { elements, byElement };
}

/** Rejects duplicate items in an applied configuration, as SMD does for the patch object. */
export function assertNoDuplicateItems(value: unknown, schema: FieldSchema | undefined, path: string[] = []): void {
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      assertNoDuplicateItems(child, childSchema(schema, key), [...path, fieldElement(key)]);
    }
    return;
  }
  const list = associativeList(schema);
  if (!Array.isArray(value) || list === undefined) return;
  const { elements, byElement } = indexListItems(list, value, path);
  for (const element of elements) {
    const items = byElement.get(element) ?? [];
    if (items.length > 1) throw typedError(path, `duplicate entries for key ${pathString([element])}`);
    assertNoDuplicateItems(items[0], itemSchema(schema), [...path, element]);
  }
}

/** The set of fields `value` sets (typed.ToFieldSet): leaves, empty maps, atomic values, list items. */
export function toFieldSet(value: unknown, schema: FieldSchema | undefined): FieldSet {
  const set = new FieldSet();
  if (isRecord(value)) visitMap(value, schema, [], set);
  return set;
}

function visitMap(map: Record<string, unknown>, schema: FieldSchema | undefined, path: string[], set: FieldSet): void {
  for (const [key, value] of Object.entries(map)) {
    // undefined is how a JS object says "absent"; JSON never carries it.
    if (value !== undefined) visitValue(value, childSchema(schema, key), [...path, fieldElement(key)], set);
  }
}

function visitValue(value: unknown, schema: FieldSchema | undefined, path: string[], set: FieldSet): void {
  if (isRecord(value)) {
    if (schema?.atomic === true || Object.keys(value).length === 0) set.insert(path);
    else visitMap(value, schema, path, set);
    return;
  }
  if (Array.isArray(value)) {
    const list = associativeList(schema);
    if (list === undefined) {
      set.insert(path);
      return;
    }
    value.forEach((item, index) => {
      const itemPath = [...path, listItemElement(list, item, path, index)];
      if (list.listType === 'map') visitValue(item, itemSchema(schema), itemPath, set);
      set.insert(itemPath);
    });
    return;
  }
  set.insert(path);
}

/**
 * Removes the member paths of `toRemove` from `value` (typed RemoveItems); a map or list left
 * empty by the removal disappears too, as it does once Kubernetes decodes the result.
 */
export function removeItems(value: unknown, toRemove: FieldSet, schema: FieldSchema | undefined, path: string[] = []): unknown {
  if (isRecord(value)) {
    if (schema?.atomic === true || Object.keys(value).length === 0) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const element = fieldElement(key);
      const subset = toRemove.children.get(element);
      if (subset?.member === true) continue;
      const kept = subset === undefined ? child : removeItems(child, subset, childSchema(schema, key), [...path, element]);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const list = associativeList(schema);
  if (Array.isArray(value) && list !== undefined && value.length > 0) {
    const out: unknown[] = [];
    value.forEach((item, index) => {
      const element = listItemElement(list, item, path, index);
      const subset = toRemove.children.get(element);
      if (subset?.member === true) return;
      const kept = subset === undefined ? item : removeItems(item, subset, itemSchema(schema), [...path, element]);
      if (kept !== undefined) out.push(kept);
    });
    return out.length > 0 ? out : undefined;
  }
  return value;
}
