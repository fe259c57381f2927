import { matchesLabels } from '../../../../api/selectors/label-selector.ts';
import { SchedulingStatus, type NodeInfo, type PodInfo, type TopologySpreadConstraint } from '../../../../contracts/scheduling.ts';
import { requiredNodeAffinity } from '../node-selector.ts';
import { countMatchingPods, hasAllTopologyKeys, nodeIsIncluded } from './common.ts';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const MISSING_LABEL = SchedulingStatus.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
const SKEWED = SchedulingStatus.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
const MAX_INT32 = 2 ** 31 - 1;

/** PodTopologySpread's preFilterState: matching pods per topology value, and the global minimum, per hard constraint. */
export interface SpreadFilterState {
  constraints: readonly TopologySpreadConstraint[];
  matchCounts: Map<string, number>[];
  minMatch: number[];
}

export function computeSpreadFilterState(pod: PodInfo, nodes: readonly NodeInfo[]): SpreadFilterState | undefined {
  if (pod.topologySpreadConstraints.length === 0) return undefined;
  const constraints = pod.topologySpreadConstraints.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const nodeAffinity = requiredNodeAffinity(pod);
  const matchCounts = constraints.map(() => new Map<string, number>());
  for (const node of nodes) {
    if (!hasAllTopologyKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!nodeIsIncluded(c, pod, node, nodeAffinity)) return;
      const value = node.labels[c.topologyKey] ?? '';
      const counts = matchCounts[i];
      counts?.set(value, (counts.get(value) ?? 0) + countMatchingPods(node, c, pod.namespace));
    });
  }
  const minMatch = constraints.map((c, i) => globalMinimum(c, matchCounts[i] ?? new Map<string, number>()));
  return { constraints, matchCounts, minMatch };
}

function globalMinimum(c: TopologySpreadConstraint, counts: ReadonlyMap<string, number>): number {
  // Fewer eligible domains than minDomains: the global minimum is taken as 0.
  if (counts.size < c.minDomains) return 0;
  let min = MAX_INT32;
  for (const count of counts.values()) if (count < min) min = count;
  return min;
}

/** preFilterState.updateWithPod (PreFilterExtensions.AddPod): `added`, now on `node`, counts in the node's domains. */
export function addToSpreadState(state: SpreadFilterState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
  if (added.namespace !== pod.namespace || added.terminating || !hasAllTopologyKeys(node, state.constraints)) return;
  const nodeAffinity = requiredNodeAffinity(pod);
  state.constraints.forEach((c, i) => {
    const counts = state.matchCounts[i];
    if (counts === undefined || c.selector === null || !matchesLabels(c.selector, added.labels) || !nodeIsIncluded(c, pod, node, nodeAffinity)) return;
    const value = node.labels[c.topologyKey] ?? '';
    const before = counts.get(value);
    counts.set(value, (before ?? 0) + 1);
    state.minMatch[i] = minimumAfterIncrement(c, counts, state.minMatch[i] ?? 0, before);
  });
}

/** the global minimum once one domain's count grew from `before` (undefined: a new domain) */
function minimumAfterIncrement(c: TopologySpreadConstraint, counts: ReadonlyMap<string, number>, previous: number, before: number | undefined): number {
  if (before === undefined || counts.size < c.minDomains) return globalMinimum(c, counts);
  // Counts only grow: the minimum moves only when the last domain at it grew.
  if (before > previous) return previous;
  for (const count of counts.values()) if (count === previous) return previous;
  return globalMinimum(c, counts);
}

/** 'matching pods in the node's domain' + 'the pod itself, if it matches' - 'global minimum' must not exceed maxSkew */
export function filterSpread(state: SpreadFilterState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i];
    if (c === undefined) continue;
    const value = node.labels[c.topologyKey];
    if (value === undefined) return MISSING_LABEL;
    const self = c.selector !== null && matchesLabels(c.selector, pod.labels) ? 1 : 0;
    const matchNum = state.matchCounts[i]?.get(value) ?? 0;
    if (matchNum + self - (state.minMatch[i] ?? 0) > c.maxSkew) return SKEWED;
  }
  return SchedulingStatus.success;
}
