import { isDeepStrictEqual } from 'node:util';
import { hasKeys, isRecord } from '../types/meta.ts';
import { jsonEqual } from '../types/json-equal.ts';
import { FieldSet } from './field-set.ts';
import { fieldElement } from './path-element.ts';
import type { FieldSchema } from './patch-strategy.ts';
import { childSchema, itemSchema } from './patch-strategy.ts';
import { associativeList, indexListItems } from './typed-fields.ts';

/**
 * The field-level difference between two versions of an object (structured-merge-diff
 * typed.Compare): leaves and atomic values that were added, modified or removed, plus maps,
 * lists and list items that appeared or disappeared as a whole.
 */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareObjects(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined): Comparison {
  const comparison: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareMapItems(isRecord(lhs) ? lhs : undefined, isRecord(rhs) ? rhs : undefined, schema, [], comparison);
  return comparison;
}

export type Shape = 'map' | 'list' | 'scalar';


/** map, list or scalar; undefined for absent or null values */
export function shapeOf(value: unknown): Shape | undefined {
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return 'map';
  return Array.isArray(value) ? 'list' : 'scalar';
}

/** One node; `undefined` means absent, null is a value. */
function compareValue(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, path: string[], out: Comparison): void {
  // One value on both sides (a status write keeps the stored spec itself): nothing in it differs.
  if (lhs === rhs && lhs !== undefined) return;
  const lhsShape = shapeOf(lhs);
  const rhsShape = shapeOf(rhs);
  const shape = lhsShape ?? rhsShape ?? 'scalar';
  let isLeaf: boolean;
  if ((lhsShape !== undefined && rhsShape !== undefined && lhsShape !== rhsShape) || shape === 'scalar') {
    isLeaf = true;
  } else if (shape === 'map') {
    isLeaf = compareMap(lhs, rhs, schema, path, out);
  } else {
    isLeaf = compareList(lhs, rhs, schema, path, out);
  }
  if (isLeaf) {
    compareLeaf(lhs, rhs, path, out);
  } else if (lhs === undefined) {
    out.added.insert(path);
  } else if (rhs === undefined) {
    out.removed.insert(path);
  }
}

function compareLeaf(lhs: unknown, rhs: unknown, path: string[], out: Comparison): void {
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
  else if (!sameLeaf(lhs, rhs)) out.modified.insert(path);
}

/**
 * Whether two leaves are one value: scalars by Object.is, atomic maps and
 * lists as JSON (jsonEqual), as they are stored. isDeepStrictEqual built
 * Maps for its cycle checks on every call.
 */
export function sameLeaf(lhs: unknown, rhs: unknown): boolean {
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return Object.is(lhs, rhs);
  return jsonEqual(lhs, rhs);
}

/** Returns true when the map is compared as a leaf (atomic, or empty on both sides). */
function compareMap(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, path: string[], out: Comparison): boolean {
  const left = isRecord(lhs) ? lhs : undefined;
  const right = isRecord(rhs) ? rhs : undefined;
  const bothEmpty = !hasKeys(left) && !hasKeys(right);
  if (schema?.atomic === true || bothEmpty) return true;
  compareMapItems(left, right, schema, path, out);
  return false;
}

function compareMapItems(
  left: Record<string, unknown> | undefined,
  right: Record<string, unknown> | undefined,
  schema: FieldSchema | undefined,
  path: string[],
  out: Comparison,
): void {
  // The left's keys in order, then those only the right has (for-in: a JSON value's own keys, without listing them).
  if (left !== undefined) {
    for (const key in left) {
      path.push(fieldElement(key));
      compareValue(left[key], right?.[key], childSchema(schema, key), path, out);
      path.pop();
    }
  }
  if (right !== undefined) {
    for (const key in right) {
      if (left !== undefined && Object.hasOwn(left, key)) continue;
      path.push(fieldElement(key));
      compareValue(undefined, right[key], childSchema(schema, key), path, out);
      path.pop();
    }
  }
}

function compareList(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, path: string[], out: Comparison): boolean {
  const left = Array.isArray(lhs) ? lhs : [];
  const right = Array.isArray(rhs) ? rhs : [];
  const list = associativeList(schema);
  if (list === undefined || (left.length === 0 && right.length === 0)) return true;
  const before = indexListItems(list, left, path);
  const after = indexListItems(list, right, path);
  const elements = [...before.elements, ...after.elements.filter((element) => !before.byElement.has(element))];
  for (const element of elements) {
    const leftItems = before.byElement.get(element) ?? [];
    const rightItems = after.byElement.get(element) ?? [];
    path.push(element);
    // Duplicated items (possible in stored objects) are compared as a whole.
    if (leftItems.length <= 1 && rightItems.length <= 1) {
      compareValue(leftItems[0], rightItems[0], itemSchema(schema), path, out);
    } else if (leftItems.length >= 2 && rightItems.length >= 2) {
      if (!isDeepStrictEqual(leftItems, rightItems)) out.modified.insert(path);
    } else if (leftItems.length >= 2) {
      if (rightItems.length > 0) compareValue(undefined, rightItems[0], itemSchema(schema), path, out);
      out.removed.insert(path);
    } else {
      if (leftItems.length > 0) compareValue(leftItems[0], undefined, itemSchema(schema), path, out);
      out.added.insert(path);
    }
    path.pop();
  }
  return false;
}
