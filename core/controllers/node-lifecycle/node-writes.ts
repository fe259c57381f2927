import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { rfc3339 } from './node-fields.ts';
import { applyTaintChange, type TaintChange } from './taints.ts';

/** tries on a fresh copy after a conflict, as client-go's RetryOnConflict (5 steps) */
const CONFLICT_RETRIES = 5;

function rawTaints(node: KubeObject): Record<string, unknown>[] {
  const spec = isRecord(node['spec']) ? node['spec'] : {};
  return Array.isArray(spec['taints']) ? spec['taints'].filter(isRecord) : [];
}

/**
 * SwapNodeControllerTaint: adds and removes taints in one update, starting
 * from the cached node and reading it afresh after a conflict. Returns false
 * when the node is gone; nothing is written when nothing changes.
 */
export async function swapNodeTaints(client: ApiClient, cached: KubeObject, change: TaintChange, now: number): Promise<boolean> {
  let node = cached;
  for (let attempt = 1; ; attempt++) {
    const taints = applyTaintChange(rawTaints(node), change, rfc3339(now));
    if (taints === undefined) return true;
    const spec = isRecord(node['spec']) ? node['spec'] : {};
    const next: KubeObject = { ...node, spec: { ...spec, taints } };
    if (taints.length === 0) next['spec'] = Object.fromEntries(Object.entries(spec).filter(([field]) => field !== 'taints'));
    try {
      await client.update(Resources.nodes, next);
      return true;
    } catch (error) {
      if (isApiError(error, 'NotFound')) return false;
      if (!isApiError(error, 'Conflict') || attempt >= CONFLICT_RETRIES) throw error;
    }
    try {
      node = await client.get(Resources.nodes, undefined, cached.metadata.name ?? '');
    } catch (error) {
      if (isApiError(error, 'NotFound')) return false;
      throw error;
    }
    if (node.metadata.uid !== cached.metadata.uid) return false;
  }
}

/** Writes a node's conditions through nodes/status; a conflict is the caller's to retry on a fresh copy. */
export async function writeNodeConditions(client: ApiClient, node: KubeObject, conditions: readonly Record<string, unknown>[]): Promise<KubeObject> {
  const status = isRecord(node['status']) ? node['status'] : {};
  return client.update(Resources.nodes, { ...node, status: { ...status, conditions } }, { subresource: 'status' });
}
