import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { Resources } from '../../../client/resources.ts';
import { DISRUPTED_TAINT } from './names.ts';
import { updateOnConflict } from '../../framework/update-on-conflict.ts';

/**
 * The node's spec cordoned (unschedulable) and tainted kubernel.dev/disrupted:NoSchedule,
 * or undefined when it is both already.
 */
export function cordonedSpec(node: KubeObject): Record<string, unknown> | undefined {
  const spec = isRecord(node['spec']) ? node['spec'] : {};
  const taints = Array.isArray(spec['taints']) ? spec['taints'] : [];
  const tainted = taints.some((t) => isRecord(t) && t['key'] === DISRUPTED_TAINT.key && t['effect'] === DISRUPTED_TAINT.effect);
  if (spec['unschedulable'] === true && tainted) return undefined;
  return { ...spec, unschedulable: true, taints: tainted ? taints : [...taints, { ...DISRUPTED_TAINT }] };
}

/** Cordons and taints the node, on a fresh copy after a conflict; false when the node is gone, true once it is cordoned. */
export function cordonNode(client: ApiClient, cached: KubeObject): Promise<boolean> {
  return updateOnConflict(client, Resources.nodes, cached, (node) => {
    const spec = cordonedSpec(node);
    return spec === undefined ? undefined : { ...node, spec };
  });
}
