import { isRecord } from '../types/meta.ts';
import type { FieldSchema } from './patch-strategy.ts';
import { childSchema } from './patch-strategy.ts';
import type { ElementKind } from './strategic-list-order.ts';
import { normalizeElementOrder, partitionByPresence, sliceElementKind } from './strategic-list-order.ts';
import {
  errBadArgType,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errNoMergeKey,
  internal,
} from './strategic-patch-errors.ts';

/** The map-level directives of a strategic merge patch, processed before the map's own fields. */

const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
const DIRECTIVE_MARKER = '$patch';

export type ListMerger = (
  original: unknown[],
  patch: unknown[],
  fieldSchema: FieldSchema | undefined,
  isDeleteList: boolean,
) => unknown[];

/**
 * `$retainKeys: [a, b]` clears every other key of the original map (kubectl sends it for
 * fields such as a Deployment's strategy so that switching `type` drops `rollingUpdate`).
 * Every key the patch sets must be in the list.
 */
export function applyRetainKeysDirective(original: Record<string, unknown>, patch: Record<string, unknown>): void {
  if (!(RETAIN_KEYS_DIRECTIVE in patch)) return;
  const retainKeys = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retainKeys)) throw errBadPatchFormatForRetainKeys();
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || key.startsWith(SET_ELEMENT_ORDER_PREFIX)) {
      continue;
    }
    if (!retainKeys.includes(key)) throw errBadPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) {
    if (!retainKeys.includes(key)) delete original[key];
  }
}

/**
 * `$setElementOrder/<list>: [...]` (mergePatchIntoOriginal): merges the list with its patch,
 * then orders it: items named in the directive in its order, the others where the live list had them.
 */
export function applySetElementOrderDirectives(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  schema: FieldSchema | undefined,
  mergeList: ListMerger,
): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw errBadArgType('[]interface {}', order);
    const slash = directiveKey.indexOf('/');
    if (slash < 0 || directiveKey.slice(0, slash) !== SET_ELEMENT_ORDER_PREFIX) {
      throw errBadPatchFormatForSetElementOrderList();
    }
    const field = directiveKey.slice(slash + 1);
    const originalList = listField(original, field);
    const patchList = listField(patch, field);
    const fieldSchema = childSchema(schema, field);
    const mergeKey = fieldSchema?.list?.mergeKey ?? '';
    validatePatchWithSetOrderList(patchList ?? [], order, mergeKey);

    let merged: unknown[];
    if (originalList !== undefined && patchList === undefined) merged = originalList;
    else if (originalList === undefined && patchList !== undefined) merged = listWithoutDirectives(patchList);
    else if (originalList !== undefined && patchList !== undefined) merged = mergeList(originalList, patchList, fieldSchema, false);
    else continue;

    const [inOrder, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const kind: ElementKind = sliceElementKind(originalList ?? [], patchList ?? []);
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, originalList ?? [], mergeKey, kind);
    delete patch[field];
  }
}

function listWithoutDirectives(list: unknown[]): unknown[] {
  const [cleaned] = removeDirectives(list);
  return Array.isArray(cleaned) ? cleaned : [];
}

function listField(map: Record<string, unknown>, field: string): unknown[] | undefined {
  if (!(field in map)) return undefined;
  const value = map[field];
  if (!Array.isArray(value)) throw errBadArgType('[]interface {}', value);
  return value;
}

/** removeDirectives: values that are themselves directives vanish, nested ones too. */
export function removeDirectives(value: unknown): [unknown, boolean] {
  if (isRecord(value)) {
    if (DIRECTIVE_MARKER in value) return [undefined, false];
    for (const [key, item] of Object.entries(value)) {
      const [cleaned, keep] = removeDirectives(item);
      if (keep) value[key] = cleaned;
      else delete value[key];
    }
    return [value, true];
  }
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    for (const item of value) {
      const [cleaned, keep] = removeDirectives(item);
      if (keep) kept.push(cleaned);
    }
    return [kept, true];
  }
  return [value, true];
}


/**
 * The patch list must follow the directive's order and name only items it lists
 * (deletions aside), as validatePatchWithSetOrderList checks.
 */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items =
    mergeKey === '' ? patchList : patchList.filter((item) => !(isRecord(item) && item[DIRECTIVE_MARKER] === 'delete'));
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < items.length && orderIndex < order.length) {
    const item = items[patchIndex];
    if (isRecord(item) && DIRECTIVE_MARKER in item) {
      patchIndex++;
      continue;
    }
    if (sameItem(item, order[orderIndex], mergeKey)) patchIndex++;
    orderIndex++;
  }
  if (patchIndex < items.length && orderIndex >= order.length) {
    throw internal(`The order in patch list:\n${JSON.stringify(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${JSON.stringify(order)}\n`);
  }
}

function sameItem(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isRecord(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isRecord(right)) throw errBadArgType('map[string]interface {}', right);
  if (!(mergeKey in left)) throw errNoMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}
