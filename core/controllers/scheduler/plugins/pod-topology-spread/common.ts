import { matchesLabels } from '../../../../api/selectors/label-selector.ts';
import type { NodeInfo, PodInfo, TopologySpreadConstraint } from '../../../../contracts/scheduling.ts';
import type { NodeMatcher } from '../node-selector.ts';
import { DO_NOT_SCHEDULE_EFFECTS, findUntoleratedTaint } from '../tolerations.ts';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** nodeLabelsMatchSpreadConstraints: the node has every topology key */
export function hasAllTopologyKeys(node: NodeInfo, constraints: readonly TopologySpreadConstraint[]): boolean {
  for (const c of constraints) if (node.labels[c.topologyKey] === undefined) return false;
  return true;
}

/** matchNodeInclusionPolicies: which nodes count towards the spread */
export function nodeIsIncluded(c: TopologySpreadConstraint, pod: PodInfo, node: NodeInfo, nodeAffinity: NodeMatcher | null): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && nodeAffinity !== null && !nodeAffinity(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.taints, pod.tolerations, DO_NOT_SCHEDULE_EFFECTS) !== undefined) return false;
  return true;
}

/** countPodsMatchSelector: pods of the namespace that match, terminating ones left out */
export function countMatchingPods(node: NodeInfo, c: TopologySpreadConstraint, namespace: string): number {
  if (c.selector === null) return 0;
  let count = 0;
  for (const p of node.pods) {
    if (p.terminating || p.namespace !== namespace) continue;
    if (matchesLabels(c.selector, p.labels)) count++;
  }
  return count;
}
