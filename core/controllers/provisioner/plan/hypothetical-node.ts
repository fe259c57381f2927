import { WellKnownLabels, type NodePoolTaint } from '../../../api/kinds/nodepool/types.ts';
import type { ResourceAmounts } from '../../../contracts/scheduling.ts';
import { MutableNodeInfo } from '../../scheduler/cache/node-info.ts';
import { MutableResourceAmounts } from '../../scheduler/cache/resource-amounts.ts';

/**
 * Instance types say nothing of ephemeral storage; the planner does not let
 * it stand in the way (the provider's disks are the provider's concern).
 */
const UNKNOWN_EPHEMERAL_STORAGE = Number.MAX_SAFE_INTEGER;

/** What a node that does not exist yet offers, before its pods. */
export function capacityOf(cpuMillis: number, memoryBytes: number, pods: number): MutableResourceAmounts {
  const amounts = new MutableResourceAmounts();
  amounts.milliCPU = cpuMillis;
  amounts.memory = memoryBytes;
  amounts.allowedPodNumber = pods;
  amounts.ephemeralStorage = UNKNOWN_EPHEMERAL_STORAGE;
  return amounts;
}

/**
 * A NodeInfo for a node that does not exist (yet): a planned node, a
 * NodeClaim still launching, or a zone's placeholder. It carries only the
 * labels the node is sure to have, its pool's taints, and `allocatable`,
 * which the caller keeps (and may shrink) as the node's candidates narrow.
 */
export function hypotheticalNode(name: string, labels: Readonly<Record<string, string>>, taints: readonly NodePoolTaint[], allocatable: ResourceAmounts): MutableNodeInfo {
  const info = new MutableNodeInfo(name);
  info.setNode({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { ...labels, [WellKnownLabels.hostname]: name } },
    spec: taints.length === 0 ? {} : { taints: taints.map((t) => ({ key: t.key, value: t.value ?? '', effect: t.effect })) },
  });
  info.allocatable = allocatable;
  return info;
}
