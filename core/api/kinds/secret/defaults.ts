import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { encodeBase64 } from '../support/base64.ts';

/**
 * Folds the write-only `stringData` into `data`, as the API server's conversion does on
 * every write: each value is base64-encoded, overwrites any `data` entry with the same
 * key, and `stringData` itself is never stored. Values that are not strings stay in
 * `stringData` so that validation reports them.
 */
export function normalizeSecret(obj: KubeObject): void {
  const stringData = obj['stringData'];
  if (stringData === null) {
    delete obj['stringData'];
    return;
  }
  if (!isRecord(stringData)) return;
  const data = obj['data'] ?? {};
  if (!isRecord(data)) return;
  const leftover: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stringData)) {
    if (typeof value === 'string') data[key] = encodeBase64(value);
    else leftover[key] = value;
  }
  if (Object.keys(data).length > 0) obj['data'] = data;
  if (Object.keys(leftover).length > 0) obj['stringData'] = leftover;
  else delete obj['stringData'];
}

/** SetDefaults_Secret: an untyped Secret is Opaque. Also applies `stringData`. */
export function defaultSecret(obj: KubeObject): void {
  normalizeSecret(obj);
  if (obj['type'] === undefined || obj['type'] === null || obj['type'] === '') obj['type'] = 'Opaque';
}
