import { MAX_NODE_SCORE, type NodeInfo, type NodeScore, type PodInfo, type TopologySpreadConstraint } from '../../../../contracts/scheduling.ts';
import { requiredNodeAffinity } from '../node-selector.ts';
import { countMatchingPods, hasAllTopologyKeys, HOSTNAME_LABEL, nodeIsIncluded } from './common.ts';

/** PodTopologySpread's preScoreState for the soft (ScheduleAnyway) constraints. */
export interface SpreadScoreState {
  constraints: readonly TopologySpreadConstraint[];
  /** feasible nodes without every topology key: scored 0 */
  ignored: ReadonlySet<string>;
  /** per constraint: matching pods per topology value (hostname counts are taken per node in Score) */
  counts: Map<string, number>[];
  /** per constraint: log(domains + 2), so small topologies are not drowned by large ones */
  weights: number[];
}

export function computeSpreadScoreState(pod: PodInfo, feasible: readonly NodeInfo[], allNodes: readonly NodeInfo[]): SpreadScoreState | undefined {
  if (pod.topologySpreadConstraints.length === 0) return undefined;
  const constraints = pod.topologySpreadConstraints.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
  if (constraints.length === 0) return undefined;
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of feasible) {
    if (!hasAllTopologyKeys(node, constraints)) {
      ignored.add(node.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey !== HOSTNAME_LABEL) counts[i]?.set(node.labels[c.topologyKey] ?? '', 0);
    });
  }
  const weights = constraints.map((c, i) => {
    const size = c.topologyKey === HOSTNAME_LABEL ? feasible.length - ignored.size : (counts[i]?.size ?? 0);
    return Math.log(size + 2);
  });
  const nodeAffinity = requiredNodeAffinity(pod);
  for (const node of allNodes) {
    if (!hasAllTopologyKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME_LABEL || !nodeIsIncluded(c, pod, node, nodeAffinity)) return;
      const value = node.labels[c.topologyKey] ?? '';
      const domain = counts[i];
      const current = domain?.get(value);
      // Domains without a feasible node do not matter for the ranking.
      if (domain !== undefined && current !== undefined) domain.set(value, current + countMatchingPods(node, c, pod.namespace));
    });
  }
  return { constraints, ignored, counts, weights };
}

export function scoreSpread(state: SpreadScoreState, pod: PodInfo, node: NodeInfo): number {
  if (state.ignored.has(node.name)) return 0;
  let score = 0;
  state.constraints.forEach((c, i) => {
    const value = node.labels[c.topologyKey];
    if (value === undefined) return;
    const count = c.topologyKey === HOSTNAME_LABEL ? countMatchingPods(node, c, pod.namespace) : (state.counts[i]?.get(value) ?? 0);
    score += count * (state.weights[i] ?? 1) + (c.maxSkew - 1);
  });
  return Math.round(score);
}

/** fewer matching pods is better: scores are inverted within min..max; ignored nodes get 0 */
export function normalizeSpread(state: SpreadScoreState, scores: NodeScore[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (const s of scores) {
    if (state.ignored.has(s.node.name)) continue;
    if (s.score < min) min = s.score;
    if (s.score > max) max = s.score;
  }
  for (const s of scores) {
    if (state.ignored.has(s.node.name)) s.score = 0;
    else s.score = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
  }
}
