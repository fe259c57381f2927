import type { NodeInfo } from '../../../contracts/scheduling.ts';

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const LEGACY_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const LEGACY_REGION = 'failure-domain.beta.kubernetes.io/region';

/** utilnode.GetZoneKey: region and zone, '' for nodes with neither. */
export function zoneKeyOf(labels: Readonly<Record<string, string>>): string {
  const region = labels[REGION] ?? labels[LEGACY_REGION] ?? '';
  const zone = labels[ZONE] ?? labels[LEGACY_ZONE] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/**
 * Kubernetes' nodeTree order: one node from each zone in turn, zones in the
 * order they first appeared. Filtering stops after enough feasible nodes, so
 * this keeps that sample spread over every zone.
 */
export function zoneInterleaved<T extends NodeInfo>(nodes: readonly T[]): T[] {
  const zones = new Map<string, T[]>();
  for (const node of nodes) {
    const key = zoneKeyOf(node.labels);
    const list = zones.get(key);
    if (list === undefined) zones.set(key, [node]);
    else list.push(node);
  }
  if (zones.size <= 1) return [...nodes];
  const lists = [...zones.values()];
  const out: T[] = [];
  for (let i = 0; out.length < nodes.length; i++) {
    for (const list of lists) {
      const node = list[i];
      if (node !== undefined) out.push(node);
    }
  }
  return out;
}
