import { jsonEqual } from '../api/types/json-equal.ts';
import { isRecord, type KubeObject } from '../api/types/meta.ts';

let lastSecond = Number.NaN;
let lastText = '';

/** RFC 3339 with second precision, the format of Kubernetes metav1.Time */
export function rfc3339(date: Date): string {
  // Every write formats "now" at least once: within one second the text is the same.
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastText;
  const text = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  lastSecond = second;
  lastText = text;
  return text;
}

/**
 * True when anything but metadata and status changed: the rule by which
 * Kubernetes bumps metadata.generation (spec and, for kinds like ConfigMap,
 * their top-level data fields).
 */
export function specChanged(before: KubeObject, after: KubeObject): boolean {
  return !jsonEqual(body(before), body(after));
}

function body(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** JSON with object keys sorted, so that two objects compare equal whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}
