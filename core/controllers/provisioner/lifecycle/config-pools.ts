import type { Logger } from 'pino';
import { ApiError, isApiError } from '../../../api/errors.ts';
import { defaultNodePool } from '../../../api/kinds/nodepool/defaults.ts';
import { NODE_POOL_API_VERSION } from '../../../api/kinds/nodepool/types.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import type { NodePoolEntry } from '../../../kernel/config-schema.ts';
import { KernelError } from '../../../kernel/errors.ts';
import { canonicalJson } from '../../../store/object-meta.ts';
import { CONFIG_SOURCE, SOURCE_ANNOTATION } from './names.ts';
import { Resources } from '../../../client/resources.ts';
import { cloneJson } from '../../../api/types/clone-json.ts';

/** The NodePool a kubernel.yaml `nodePools` entry describes, marked as written from the file. */
export function nodePoolFromConfig(entry: NodePoolEntry): KubeObject {
  const spec: Record<string, unknown> = { provider: entry.provider };
  if (isRecord(entry.options)) spec['options'] = entry.options;
  for (const field of ['min', 'max', 'weight', 'limits', 'disruption'] as const) {
    if (entry[field] !== undefined) spec[field] = entry[field];
  }
  const templateSpec = {
    ...(entry.requirements === undefined ? {} : { requirements: entry.requirements }),
    ...(entry.taints === undefined ? {} : { taints: entry.taints }),
  };
  const template = {
    ...(entry.labels === undefined ? {} : { metadata: { labels: entry.labels } }),
    ...(Object.keys(templateSpec).length === 0 ? {} : { spec: templateSpec }),
  };
  if (Object.keys(template).length > 0) spec['template'] = template;
  return { apiVersion: NODE_POOL_API_VERSION, kind: 'NodePool', metadata: { name: entry.name, annotations: { [SOURCE_ANNOTATION]: CONFIG_SOURCE } }, spec };
}

/** The spec as the API server stores it once defaulted, so an unchanged pool compares equal and is not rewritten. */
function storedSpec(pool: KubeObject): string {
  const copy: KubeObject = cloneJson(pool);
  defaultNodePool(copy);
  return canonicalJson(copy['spec']);
}

function isFromConfig(pool: KubeObject): boolean {
  return pool.metadata.annotations?.[SOURCE_ANNOTATION] === CONFIG_SOURCE;
}

/**
 * Makes the NodePool objects match kubernel.yaml's `nodePools`: creates the
 * missing ones, rewrites the spec of changed ones and deletes those an
 * earlier start wrote from the file but the file no longer has. A pool the
 * API refuses is a start-up error naming its YAML path.
 */
export async function syncConfigNodePools(client: ApiClient, entries: readonly NodePoolEntry[], logger: Logger): Promise<void> {
  const existing = new Map((await client.list(Resources.nodePools, undefined)).items.map((p) => [p.metadata.name ?? '', p]));
  for (const [index, entry] of entries.entries()) {
    const desired = nodePoolFromConfig(entry);
    const current = existing.get(entry.name);
    try {
      if (current === undefined) {
        await client.create(Resources.nodePools, desired);
        logger.info({ nodePool: entry.name }, 'created the NodePool of kubernel.yaml');
      } else if (storedSpec(desired) !== storedSpec(current) || !isFromConfig(current)) {
        const annotations = { ...current.metadata.annotations, [SOURCE_ANNOTATION]: CONFIG_SOURCE };
        await client.update(Resources.nodePools, { ...current, metadata: { ...current.metadata, annotations }, spec: desired['spec'] });
        logger.info({ nodePool: entry.name }, 'updated the NodePool of kubernel.yaml');
      }
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'Invalid' || error.code === 'BadRequest')) {
        throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `nodePools[${index}] (${entry.name}): ${error.message}`);
      }
      throw error;
    }
  }
  const configured = new Set(entries.map((e) => e.name));
  for (const [name, pool] of existing) {
    if (configured.has(name) || !isFromConfig(pool)) continue;
    try {
      await client.delete(Resources.nodePools, undefined, name);
      logger.info({ nodePool: name }, 'deleted the NodePool kubernel.yaml no longer has');
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
  }
}
