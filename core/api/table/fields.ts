import { isRecord } from '../types/meta.ts';

/**
 * Small getters for reading untyped object bodies. Printers must never throw on
 * odd stored data (a table is a view), so every getter answers `undefined` or an
 * empty value when the path is missing or holds the wrong type.
 */

/** The value at `path` inside `obj`, or undefined when any step is not an object. */
export function field(obj: unknown, ...path: string[]): unknown {
  let current: unknown = obj;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function str(obj: unknown, ...path: string[]): string | undefined {
  const value = field(obj, ...path);
  return typeof value === 'string' ? value : undefined;
}

export function num(obj: unknown, ...path: string[]): number | undefined {
  const value = field(obj, ...path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(obj: unknown, ...path: string[]): boolean | undefined {
  const value = field(obj, ...path);
  return typeof value === 'boolean' ? value : undefined;
}

/** The array at `path`, or an empty array: Go treats a nil slice like an empty one. */
export function arr(obj: unknown, ...path: string[]): unknown[] {
  const value = field(obj, ...path);
  return Array.isArray(value) ? value : [];
}

/** The object at `path`, or undefined (a nil pointer in the Go printers). */
export function rec(obj: unknown, ...path: string[]): Record<string, unknown> | undefined {
  const value = field(obj, ...path);
  return isRecord(value) ? value : undefined;
}

/** A map[string]string (labels, selectors), keeping only string values. */
export function strMap(obj: unknown, ...path: string[]): Record<string, string> {
  const value = rec(obj, ...path);
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}

/** The string elements of the array at `path`. */
export function strs(obj: unknown, ...path: string[]): string[] {
  return arr(obj, ...path).filter((item): item is string => typeof item === 'string');
}

/** Number of keys of the map at `path` (len() of a Go map; 0 when absent). */
export function keyCount(obj: unknown, ...path: string[]): number {
  const value = rec(obj, ...path);
  return value === undefined ? 0 : Object.keys(value).length;
}
