import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { rfc3339 } from './node-fields.ts';
import { applyTaintChange, type TaintChange } from './taints.ts';
import { updateOnConflict } from '../framework/update-on-conflict.ts';

function rawTaints(node: KubeObject): Record<string, unknown>[] {
  const spec = isRecord(node['spec']) ? node['spec'] : {};
  return Array.isArray(spec['taints']) ? spec['taints'].filter(isRecord) : [];
}

/**
 * SwapNodeControllerTaint: adds and removes taints in one update, starting
 * from the cached node and reading it afresh after a conflict. Returns false
 * when the node is gone; nothing is written when nothing changes.
 */
export function swapNodeTaints(client: ApiClient, cached: KubeObject, change: TaintChange, now: number): Promise<boolean> {
  return updateOnConflict(client, Resources.nodes, cached, (node) => {
    const taints = applyTaintChange(rawTaints(node), change, rfc3339(now));
    if (taints === undefined) return undefined;
    const spec = isRecord(node['spec']) ? node['spec'] : {};
    if (taints.length === 0) return { ...node, spec: Object.fromEntries(Object.entries(spec).filter(([field]) => field !== 'taints')) };
    return { ...node, spec: { ...spec, taints } };
  });
}

/** Writes a node's conditions through nodes/status; a conflict is the caller's to retry on a fresh copy. */
export async function writeNodeConditions(client: ApiClient, node: KubeObject, conditions: readonly Record<string, unknown>[]): Promise<KubeObject> {
  const status = isRecord(node['status']) ? node['status'] : {};
  return client.update(Resources.nodes, { ...node, status: { ...status, conditions } }, { subresource: 'status' });
}
