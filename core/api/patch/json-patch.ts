import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError, badRequest } from '../errors.ts';
import { isRecord } from '../types/meta.ts';
import { cloneJson } from '../types/clone-json.ts';

/** The API server refuses larger patches (apiserver handlers/patch.go maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** Go's json.Unmarshal names JSON values by their Go kind in its messages. */
function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** fast-json-patch validates the rest (op name, value, from) while applying. */
function hasOperationShape(op: Record<string, unknown>): op is Record<string, unknown> & Operation {
  return typeof op.op === 'string' && typeof op.path === 'string';
}

/**
 * Checks the patch decodes as a list of operation objects, as jsonpatch.DecodePatch does;
 * anything else is a 400 with Go's decoding message.
 */
function decodePatch(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  const operations: Operation[] = [];
  for (const op of patch) {
    if (!isRecord(op)) {
      throw badRequest(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
    // Shape errors inside an operation (unknown op, bad path) surface when applying, as in Kubernetes.
    if (!hasOperationShape(op)) throw patchNotApplicable();
    operations.push(cloneJson(op));
  }
  return operations;
}

/**
 * Applies an RFC 6902 JSON patch (`application/json-patch+json`) and returns the new document;
 * the input is never mutated.
 *
 * Like the Kubernetes API server, a patch that is not a list of operations is a 400 BadRequest,
 * more than 10000 operations a 413, and a patch that cannot be applied (failed `test`, missing
 * path, unknown op) a 422 Invalid whose message hides the detail, exactly as kube-apiserver does.
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const operations = decodePatch(patch);
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(
      'RequestEntityTooLarge',
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`,
    );
  }
  try {
    return jsonPatch.applyPatch(cloneJson(doc), operations, true, true).newDocument;
  } catch (error) {
    if (error instanceof jsonPatch.JsonPatchError || error instanceof TypeError) throw patchNotApplicable();
    throw error;
  }
}

/** What kube-apiserver answers for any error while applying a decoded JSON patch. */
function patchNotApplicable(): ApiError {
  return new ApiError('Invalid', 'the server rejected our request due to an error in our request');
}
