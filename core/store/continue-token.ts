import { badRequest } from '../api/errors.ts';
import { isRecord } from '../api/types/meta.ts';

/** The pagination cursor, encoded as kube-apiserver encodes it: base64 of {"v","rv","start"}. */
export interface ContinueToken {
  resourceVersion: number;
  /** the last key returned, relative to the list's prefix */
  startAfter: string;
}

export function encodeContinue(token: ContinueToken): string {
  const json = JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.resourceVersion, start: token.startAfter });
  return Buffer.from(json).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: not base64-encoded JSON');
  }
  if (!isRecord(parsed) || parsed['v'] !== 'meta.k8s.io/v1') throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  const rv = parsed['rv'];
  const start = parsed['start'];
  if (typeof rv !== 'number' || typeof start !== 'string' || start.includes('..') || start.startsWith('/')) {
    throw badRequest('continue key is not valid: invalid start key');
  }
  return { resourceVersion: rv, startAfter: start };
}
