import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';

/**
 * SetDefaults_NodeStatus (allocatable starts as a copy of capacity) and the v1
 * conversion that keeps the legacy `podCIDR` and the dual-stack `podCIDRs` in step:
 * a lone podCIDR becomes the list, and podCIDR always shows the list's first entry.
 */
export function defaultNode(obj: KubeObject): void {
  const spec = obj['spec'];
  if (isRecord(spec)) syncPodCIDRs(spec);
  const status = obj['status'];
  if (isRecord(status) && isRecord(status['capacity']) && (status['allocatable'] === undefined || status['allocatable'] === null)) {
    status['allocatable'] = { ...status['capacity'] };
  }
}

function syncPodCIDRs(spec: Record<string, unknown>): void {
  const single = spec['podCIDR'];
  const list = spec['podCIDRs'];
  const listEmpty = list === undefined || list === null || (Array.isArray(list) && list.length === 0);
  if (listEmpty && typeof single === 'string' && single !== '') spec['podCIDRs'] = [single];
  const first: unknown = Array.isArray(spec['podCIDRs']) ? spec['podCIDRs'][0] : undefined;
  if (typeof first === 'string') spec['podCIDR'] = first;
}
