import type { Dispatcher } from 'undici';
import { isRecord } from '../../core/api/types/meta.ts';
import { authHeaders, requestJson } from './support/api-client.ts';
import type { ApiTarget } from './support/control-plane-process.ts';
import type { LeanHttpsPool } from './support/lean-https.ts';
import { runLoad, type LoadResult } from './support/load.ts';
import { BENCH_NAMESPACE, configMapJson } from './store-objects.ts';

const CONFIGMAPS_PATH = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`;

export interface PhaseLimits {
  count: number;
  concurrency: number;
  timeLimitMs: number;
}

export async function createNamespace(target: ApiTarget, dispatcher: Dispatcher): Promise<void> {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: BENCH_NAMESPACE } });
  await requestJson(dispatcher, { method: 'POST', path: '/api/v1/namespaces', headers: authHeaders(target, true), body });
}

/** `count` creates of 1 KiB ConfigMaps named `${prefix}-${i}`; the bodies are built before the clock starts. */
export async function createConfigMaps(target: ApiTarget, pool: LeanHttpsPool, prefix: string, limits: PhaseLimits): Promise<LoadResult> {
  const bodies = Array.from({ length: limits.count }, (_, i) => configMapJson(`${prefix}-${i}`));
  const headers = authHeaders(target, true);
  return runLoad({
    ...limits,
    op: (i) => pool.expect({ method: 'POST', path: CONFIGMAPS_PATH, headers, body: bodies[i] ?? '' }, 201),
  });
}

/** `count` GETs by name, going round the given existing ConfigMaps. */
export async function getConfigMaps(target: ApiTarget, pool: LeanHttpsPool, names: readonly string[], limits: PhaseLimits): Promise<LoadResult> {
  if (names.length === 0) throw new Error('no ConfigMaps to GET');
  const paths = names.map((name) => `${CONFIGMAPS_PATH}/${name}`);
  const headers = authHeaders(target, false);
  return runLoad({
    ...limits,
    op: (i) => pool.expect({ method: 'GET', path: paths[i % paths.length] ?? '', headers }, 200),
  });
}

/** The collection's current resourceVersion, where a watch starts to see only what comes next. */
export async function currentResourceVersion(target: ApiTarget, dispatcher: Dispatcher): Promise<string> {
  const list = await requestJson(dispatcher, { method: 'GET', path: `${CONFIGMAPS_PATH}?limit=1`, headers: authHeaders(target, false) });
  const metadata = list['metadata'];
  const rv = isRecord(metadata) ? metadata['resourceVersion'] : undefined;
  if (typeof rv !== 'string' || rv === '') throw new Error('the ConfigMap list has no metadata.resourceVersion');
  return rv;
}

export { CONFIGMAPS_PATH };
