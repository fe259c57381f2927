import { isDeepStrictEqual } from 'node:util';
import { hasKeys, isRecord } from '../types/meta.ts';
import { FieldSet } from './field-set.ts';
import { fieldElement } from './path-element.ts';
import type { FieldSchema } from './patch-strategy.ts';
import { childSchema, itemSchema } from './patch-strategy.ts';
import { associativeList, indexListItems } from './typed-fields.ts';
import { sameLeaf, shapeOf } from './typed-compare.ts';

/**
 * The fields a create adds or changes against the kind's zero value: exactly
 * `added ∪ modified` of `compareObjects(baseline, obj, schema)`, rule for rule,
 * built in one walk. A create has no earlier owners to take fields from, so
 * the removed set and the separate added and modified sets are never needed;
 * every write pays for this walk, so it writes into the set's nodes instead of
 * inserting whole paths from the root. A list item that cannot be named
 * throws as in typed-compare, but without the path in the message: its one
 * caller drops managedFields on any error.
 */
export function fieldsChangedFrom(baseline: unknown, obj: unknown, schema: FieldSchema | undefined): FieldSet {
  const root = new FieldSet();
  compareMapItems(isRecord(baseline) ? baseline : undefined, isRecord(obj) ? obj : undefined, schema, root);
  return root;
}

/** typed-compare's compareValue, marking `node` where it would record added or modified. */
function compareValue(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, node: FieldSet): void {
  const lhsShape = shapeOf(lhs);
  const rhsShape = shapeOf(rhs);
  const shape = lhsShape ?? rhsShape ?? 'scalar';
  let isLeaf: boolean;
  if ((lhsShape !== undefined && rhsShape !== undefined && lhsShape !== rhsShape) || shape === 'scalar') {
    isLeaf = true;
  } else if (shape === 'map') {
    isLeaf = compareMap(lhs, rhs, schema, node);
  } else {
    isLeaf = compareList(lhs, rhs, schema, node);
  }
  if (isLeaf) {
    if (lhs === undefined || (rhs !== undefined && !sameLeaf(lhs, rhs))) node.member = true;
  } else if (lhs === undefined) {
    node.member = true;
  }
}

function compareMap(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, node: FieldSet): boolean {
  const left = isRecord(lhs) ? lhs : undefined;
  const right = isRecord(rhs) ? rhs : undefined;
  const bothEmpty = !hasKeys(left) && !hasKeys(right);
  if (schema?.atomic === true || bothEmpty) return true;
  compareMapItems(left, right, schema, node);
  return false;
}

function compareMapItems(
  left: Record<string, unknown> | undefined,
  right: Record<string, unknown> | undefined,
  schema: FieldSchema | undefined,
  node: FieldSet,
): void {
  // The left's keys in order, then those only the right has (for-in: a JSON value's own keys, without listing them).
  for (const key in left) compareValue(left[key], right?.[key], childSchema(schema, key), node.childAt(fieldElement(key)));
  for (const key in right) {
    if (left !== undefined && Object.hasOwn(left, key)) continue;
    compareValue(undefined, right[key], childSchema(schema, key), node.childAt(fieldElement(key)));
  }
}

function compareList(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, node: FieldSet): boolean {
  const left = Array.isArray(lhs) ? lhs : [];
  const right = Array.isArray(rhs) ? rhs : [];
  const list = associativeList(schema);
  if (list === undefined || (left.length === 0 && right.length === 0)) return true;
  const before = indexListItems(list, left, []);
  const after = indexListItems(list, right, []);
  const elements = [...before.elements, ...after.elements.filter((element) => !before.byElement.has(element))];
  for (const element of elements) {
    const leftItems = before.byElement.get(element) ?? [];
    const rightItems = after.byElement.get(element) ?? [];
    const itemNode = node.childAt(element);
    if (leftItems.length <= 1 && rightItems.length <= 1) {
      compareValue(leftItems[0], rightItems[0], itemSchema(schema), itemNode);
    } else if (leftItems.length >= 2 && rightItems.length >= 2) {
      if (!isDeepStrictEqual(leftItems, rightItems)) itemNode.member = true;
    } else if (leftItems.length >= 2) {
      if (rightItems.length > 0) compareValue(undefined, rightItems[0], itemSchema(schema), itemNode);
    } else {
      if (leftItems.length > 0) compareValue(leftItems[0], undefined, itemSchema(schema), itemNode);
      itemNode.member = true;
    }
  }
  return false;
}
