import { badRequest } from '../errors.ts';
import { isRecord } from '../types/meta.ts';
import { cloneJson } from '../types/clone-json.ts';

/**
 * Applies an RFC 7386 JSON merge patch (`application/merge-patch+json`) and returns the new
 * document; neither input is mutated. Objects merge key by key, `null` deletes a key, and any
 * other value (arrays included) replaces what was there.
 *
 * Follows evanphx/json-patch MergePatch, which kube-apiserver uses: null values inside an
 * added object are dropped, and a patch that is not a JSON object is rejected with 400.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) throw badRequest('Invalid JSON Patch');
  const target = isRecord(doc) ? cloneJson(doc) : {};
  mergeInto(target, cloneJson(patch));
  return target;
}

function mergeInto(doc: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, patchValue] of Object.entries(patch)) {
    if (patchValue === null) {
      delete doc[key];
      continue;
    }
    const current = doc[key];
    if (current === undefined || current === null) {
      doc[key] = pruneNulls(patchValue);
    } else if (isRecord(current) && isRecord(patchValue)) {
      mergeInto(current, patchValue);
    } else {
      // A non-object value is replaced whole; evanphx only prunes when the old value was not an object.
      doc[key] = isRecord(current) ? patchValue : pruneNulls(patchValue);
    }
  }
}

/** Drops null object members at any depth (null array items stay, as in evanphx pruneAryNulls). */
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === null ? item : pruneNulls(item)));
  if (!isRecord(value)) return value;
  const pruned: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) pruned[key] = pruneNulls(item);
  }
  return pruned;
}
