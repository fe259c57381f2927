import { ApiError } from '../errors.ts';
import { isRecord } from '../types/meta.ts';

/**
 * How kube-apiserver classifies a strategic merge patch failure (interpretStrategicMergePatchError):
 * malformed directives are 400, lists of lists and retainKeys mismatches 422, and every other
 * error of the strategicpatch package reaches the client as a 500 carrying Go's message.
 */
export type StrategicPatchErrorClass = 'BadRequest' | 'Invalid' | 'InternalError';

export class StrategicPatchError extends Error {
  readonly errorClass: StrategicPatchErrorClass;

  constructor(errorClass: StrategicPatchErrorClass, message: string) {
    super(message);
    this.name = 'StrategicPatchError';
    this.errorClass = errorClass;
  }

  toApiError(): ApiError {
    if (this.errorClass === 'Invalid') {
      // NewGenericServerResponse(422) keeps only its generic message.
      return new ApiError('Invalid', 'the server rejected our request due to an error in our request');
    }
    return new ApiError(this.errorClass, this.message);
  }
}

export const errBadPatchFormatForPrimitiveList = (): StrategicPatchError =>
  new StrategicPatchError('BadRequest', 'invalid patch format of primitive list');
export const errBadPatchFormatForRetainKeys = (): StrategicPatchError =>
  new StrategicPatchError('BadRequest', 'invalid patch format of retainKeys');
export const errBadPatchFormatForSetElementOrderList = (): StrategicPatchError =>
  new StrategicPatchError('BadRequest', 'invalid patch format of setElementOrder list');
export const errNoListOfLists = (): StrategicPatchError =>
  new StrategicPatchError('Invalid', 'lists of lists are not supported');

export function errNoMergeKey(item: unknown, mergeKey: string): StrategicPatchError {
  return new StrategicPatchError('InternalError', `map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

export function errBadPatchType(directive: unknown, patch: unknown): StrategicPatchError {
  return new StrategicPatchError('InternalError', `unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}

export function errBadArgType(expected: string, actual: unknown): StrategicPatchError {
  return new StrategicPatchError('InternalError', `expected a ${expected}, but received a ${goTypeName(actual)}`);
}

export function internal(message: string): StrategicPatchError {
  return new StrategicPatchError('InternalError', message);
}

/** The Go type json.Unmarshal gives a JSON value, as reflect.TypeOf prints it. */
export function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return '[]interface {}';
  if (isRecord(value)) return 'map[string]interface {}';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'boolean') return 'bool';
  return '<nil>';
}

/** A JSON value as Go's `%v` prints it (`map[name:nginx]`, `[a b]`), for error messages. */
export function goFormat(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${goFormat(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}
