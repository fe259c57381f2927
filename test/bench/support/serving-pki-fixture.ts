import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ensureServingPki, type ServingPki } from '../../../core/server/pki.ts';

export interface ServingPkis {
  /** the cluster's: what the client under test trusts */
  cluster: ServingPki;
  /** another cluster's, which the client must refuse */
  other: ServingPki;
}

/**
 * Two serving PKIs, each in a temporary directory, made before the file's
 * tests and removed after them, for tests of the benchmarks' lean clients
 * against a real HTTPS server. Read the returned object inside tests only.
 */
export function useServingPkis(prefix: string): ServingPkis {
  const pkis = {} as ServingPkis;
  const dirs: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) dirs.push(await mkdtemp(join(tmpdir(), prefix)));
    pkis.cluster = await ensureServingPki(dirs[0] ?? '');
    pkis.other = await ensureServingPki(dirs[1] ?? '');
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  return pkis;
}
