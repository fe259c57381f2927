import { Quantity } from '../../../api/quantity.ts';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { readStringMap } from '../../../api/kinds/nodepool/read.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import { type ConditionUpdate } from '../../../api/kinds/nodepool/conditions.ts';
import type { PoolProviderState } from './pool-providers.ts';

/** The NodePool's Ready condition: True while its provider runs, else why not. */
export function poolReadyCondition(state: PoolProviderState): ConditionUpdate {
  if (state.ready) return { type: 'Ready', status: 'True', reason: 'Ready', message: '' };
  return { type: 'Ready', status: 'False', reason: state.reason, message: state.message };
}

function sum(a: string | undefined, b: string | undefined): string | undefined {
  try {
    if (b === undefined) return a;
    return a === undefined ? Quantity.parse(b).toString() : Quantity.parse(a).add(Quantity.parse(b)).toString();
  } catch {
    // A capacity the API server let through but that does not parse counts as nothing.
    return a;
  }
}

function nodeCapacity(node: KubeObject): Record<string, string> | undefined {
  const status = isRecord(node['status']) ? node['status'] : {};
  return isRecord(status['capacity']) ? readStringMap(status['capacity']) : undefined;
}

/**
 * status.resources: the capacity of the pool's launched claims added up
 * (cpu, memory, pods) and how many they are (nodes), as Karpenter counts a
 * NodePool's resources against its limits, plus the pool's nodes that no
 * claim stands for (a kubernel.yaml pool's nodes from the start), which the
 * provisioner counts against the limits too.
 */
export function poolResources(claims: readonly NodeClaimObject[], poolNodes: readonly KubeObject[] = []): Record<string, string> {
  let cpu: string | undefined;
  let memory: string | undefined;
  let pods: string | undefined;
  let nodes = 0;
  const claimed = new Set(claims.flatMap((c) => [c.status?.nodeName ?? '', c.metadata.name ?? '']));
  const capacities = [...claims.map((c) => c.status?.capacity), ...poolNodes.filter((n) => !claimed.has(n.metadata.name ?? '')).map(nodeCapacity)];
  for (const capacity of capacities) {
    if (capacity === undefined) continue;
    nodes++;
    cpu = sum(cpu, capacity['cpu']);
    memory = sum(memory, capacity['memory']);
    pods = sum(pods, capacity['pods']);
  }
  return { cpu: cpu ?? '0', memory: memory ?? '0', pods: pods ?? '0', nodes: String(nodes) };
}
