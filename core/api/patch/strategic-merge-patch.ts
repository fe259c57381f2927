import { badRequest } from '../errors.ts';
import { isRecord } from '../types/meta.ts';
import { applyMergePatch } from './merge-patch.ts';
import type { FieldSchema } from './patch-strategy.ts';
import { childSchema, isKnownKind, itemSchema, rootSchema } from './patch-strategy.ts';
import { applyRetainKeysDirective, applySetElementOrderDirectives, removeDirectives } from './strategic-directives.ts';
import {
  deduplicateScalars,
  findByKey,
  normalizeElementOrder,
  partitionByPresence,
  sliceElementKind,
} from './strategic-list-order.ts';
import {
  StrategicPatchError,
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchType,
  errNoMergeKey,
  internal,
} from './strategic-patch-errors.ts';
import { cloneJson } from '../types/clone-json.ts';

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the patch kubectl sends,
 * following k8s.io/apimachinery/pkg/util/strategicpatch's StrategicMergeMapPatch: maps merge
 * recursively, null deletes, lists tagged `patchStrategy:"merge"` merge by their merge key (or
 * as a union of scalars), other lists are replaced, and the `$patch`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` directives apply.
 */

const DIRECTIVE_MARKER = '$patch';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';

/**
 * Applies `patch` to `doc` (neither is mutated). `kindKey` is `${group}/${kind}`, e.g.
 * 'apps/Deployment'; kinds without patch metadata are patched as a JSON merge patch.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, kindKey: string): unknown {
  if (!isRecord(patch)) {
    const kind = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  if (!isKnownKind(kindKey)) return applyMergePatch(doc, patch);
  const original = isRecord(doc) ? cloneJson(doc) : {};
  try {
    return mergeMap(original, cloneJson(patch), rootSchema(kindKey));
  } catch (error) {
    if (error instanceof StrategicPatchError) throw error.toApiError();
    throw error;
  }
}

/** The strategy other than retainKeys (extractRetainKeysPatchStrategy). */
function mainStrategy(strategy: string | undefined): string {
  if (strategy === undefined || strategy === 'retainKeys') return '';
  return strategy.replace(/,?retainKeys,?/, '');
}

/** mergeMap: merges `patch` into `original` (both owned by the caller and mutated). */
function mergeMap(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  schema: FieldSchema | undefined,
): Record<string, unknown> {
  if (DIRECTIVE_MARKER in patch) return handleMapDirective(patch[DIRECTIVE_MARKER], patch);
  applyRetainKeysDirective(original, patch);
  applySetElementOrderDirectives(original, patch, schema, mergeListField);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    if (isDeleteList) key = fieldOfDirective(patchKey);

    if (patchValue === null) {
      delete original[key];
      continue;
    }
    if (!(key in original)) {
      if (!isDeleteList) setWithoutDirectives(original, key, discardNullValues(patchValue));
      continue;
    }
    const current = original[key];
    if (goKindOf(current) !== goKindOf(patchValue)) {
      if (!isDeleteList) setWithoutDirectives(original, key, discardNullValues(patchValue));
      continue;
    }
    if (isRecord(current) && isRecord(patchValue)) {
      const fieldSchema = childSchema(schema, key);
      original[key] =
        mainStrategy(fieldSchema?.strategy) === 'replace' ? patchValue : mergeMap(current, patchValue, fieldSchema);
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      original[key] = mergeListField(current, patchValue, childSchema(schema, key), isDeleteList);
    } else {
      setWithoutDirectives(original, key, patchValue);
    }
  }
  return original;
}

function fieldOfDirective(key: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw errBadPatchFormatForPrimitiveList();
  return key.slice(slash + 1);
}

function goKindOf(value: unknown): string {
  if (Array.isArray(value)) return 'slice';
  if (isRecord(value)) return 'map';
  return value === null ? 'nil' : typeof value;
}

/** `$patch: replace` keeps the patch map as it is, `$patch: delete` empties the map. */
function handleMapDirective(directive: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  if (directive === 'replace') {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

function setWithoutDirectives(target: Record<string, unknown>, key: string, value: unknown): void {
  const [cleaned, keep] = removeDirectives(value);
  if (keep) target[key] = cleaned;
  else delete target[key];
}

function discardNullValues(value: unknown): unknown {
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else discardNullValues(item);
    }
  } else if (Array.isArray(value)) {
    value.forEach(discardNullValues);
  }
  return value;
}

/** mergeSliceHandler: merge when the field says so (or for a deletion list), else replace. */
function mergeListField(
  original: unknown[],
  patch: unknown[],
  fieldSchema: FieldSchema | undefined,
  isDeleteList: boolean,
): unknown[] {
  const strategy = mainStrategy(fieldSchema?.list?.strategy);
  if (strategy !== 'merge' && !isDeleteList) return patch;
  return mergeSlice(original, patch, fieldSchema, fieldSchema?.list?.mergeKey ?? '', isDeleteList);
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  fieldSchema: FieldSchema | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  let base = original;
  let patchItems = patch;
  if (kind === 'scalar') {
    if (isDeleteList) return original.filter((item) => !patch.includes(item));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw internal(`cannot merge lists without merge key for ${fieldSchema?.of ?? ''}`);
    [base, patchItems] = applyListItemDirectives(original, patch, mergeKey);
    merged = mergeByKey(base, patchItems, mergeKey, itemSchema(fieldSchema));
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, patchItems, kind === 'scalar' ? '' : mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patchItems, base, kind === 'scalar' ? '' : mergeKey, kind);
}

/**
 * mergeSliceWithSpecialElements: `{$patch: delete, <key>: v}` removes matching items,
 * `{$patch: replace}` makes the rest of the patch list the whole list.
 */
function applyListItemDirectives(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  let remaining = original;
  for (const item of patch) {
    if (!isRecord(item)) throw errBadArgType('map[string]interface {}', item);
    if (!(DIRECTIVE_MARKER in item)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === 'delete') {
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
      const value = item[mergeKey];
      remaining = remaining.filter((candidate) => !(isRecord(candidate) && candidate[mergeKey] === value));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  return replace ? [plain, []] : [remaining, plain];
}

/** mergeSliceWithoutSpecialElements: items with a known key merge, new ones are appended. */
function mergeByKey(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  schema: FieldSchema | undefined,
): unknown[] {
  const merged = [...original];
  for (const item of patch) {
    if (!isRecord(item)) throw errBadArgType('map[string]interface {}', item);
    if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    const at = findByKey(merged, mergeKey, item[mergeKey]);
    const existing = merged[at];
    if (at >= 0 && isRecord(existing)) merged[at] = mergeMap(existing, item, schema);
    else merged.push(item);
  }
  return merged;
}
