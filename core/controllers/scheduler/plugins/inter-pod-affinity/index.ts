import {
  SchedulingStatus,
  createStateKey,
  type ClusterEvent,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../../../contracts/scheduling.ts';
import {
  ERR_REASON_AFFINITY,
  ERR_REASON_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY,
  addToAffinityState,
  computeAffinityFilterState,
  satisfiesAffinity,
  satisfiesAntiAffinity,
  satisfiesExistingAntiAffinity,
  type AffinityFilterState,
} from './filtering.ts';
import { computeTopologyScore, scoreNode, type TopologyScore } from './scoring.ts';
import { memoizedNamespaceLabels, type NamespaceLabels } from './term-matching.ts';

export { ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY } from './filtering.ts';
export type { NamespaceLabels } from './term-matching.ts';

const FILTER_STATE = createStateKey<AffinityFilterState>('PreFilterInterPodAffinity');
const SCORE_STATE = createStateKey<TopologyScore>('PreScoreInterPodAffinity');

const AFFINITY_REJECTED = SchedulingStatus.unresolvable(ERR_REASON_AFFINITY);
const ANTI_AFFINITY_REJECTED = SchedulingStatus.unschedulable(ERR_REASON_ANTI_AFFINITY);
const EXISTING_ANTI_AFFINITY_REJECTED = SchedulingStatus.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);

export interface InterPodAffinityOptions {
  namespaceLabels: NamespaceLabels;
  /** whether any pod in the cluster has required anti-affinity; if none and the pod has no terms, Filter is skipped */
  anyPodWithRequiredAntiAffinity(): boolean;
  /** whether any pod in the cluster has affinity terms at all; if none and the pod prefers nothing, Score is skipped */
  anyPodWithAffinity(): boolean;
  /** every node (the scheduler's node list): weights come from pods on all of them, not just the feasible ones */
  allNodes(): readonly NodeInfo[];
}

/** Inter-pod affinity and anti-affinity: required terms filter nodes (both ways), preferred terms score them. */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'InterPodAffinity';
  readonly events: readonly ClusterEvent[] = ['AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'NodeAdd', 'NodeLabelChange'];

  constructor(private readonly options: InterPodAffinityOptions) {}

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SchedulingStatus {
    const hasTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
    if (!hasTerms && !this.options.anyPodWithRequiredAntiAffinity()) return SchedulingStatus.skip;
    state.write(FILTER_STATE, computeAffinityFilterState(pod, nodes, memoizedNamespaceLabels(this.options.namespaceLabels)));
    return SchedulingStatus.success;
  }

  addPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    const s = state.read(FILTER_STATE);
    if (s !== undefined) addToAffinityState(s, pod, added, node, this.options.namespaceLabels);
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    const s = state.read(FILTER_STATE);
    if (s === undefined) return SchedulingStatus.success;
    if (!satisfiesAffinity(s, pod, node)) return AFFINITY_REJECTED;
    if (!satisfiesAntiAffinity(s, pod, node)) return ANTI_AFFINITY_REJECTED;
    if (!satisfiesExistingAntiAffinity(s, node)) return EXISTING_ANTI_AFFINITY_REJECTED;
    return SchedulingStatus.success;
  }

  preScore(state: CycleState, pod: PodInfo): SchedulingStatus {
    const prefers = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (!prefers && !this.options.anyPodWithAffinity()) return SchedulingStatus.skip;
    const scores = computeTopologyScore(pod, this.options.allNodes(), memoizedNamespaceLabels(this.options.namespaceLabels));
    if (scores.size === 0) return SchedulingStatus.skip;
    state.write(SCORE_STATE, scores);
    return SchedulingStatus.success;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const scores = state.read(SCORE_STATE);
    return scores === undefined ? 0 : scoreNode(scores, node);
  }

  /** min-max scaling to 0..100, negative totals included */
  normalizeScores(state: CycleState, _pod: PodInfo, scores: NodeScore[]): void {
    if (state.read(SCORE_STATE) === undefined) return;
    let max = 0;
    let min = 0;
    for (const s of scores) {
      if (s.score > max) max = s.score;
      if (s.score < min) min = s.score;
    }
    const spread = max - min;
    for (const s of scores) s.score = spread > 0 ? Math.trunc((100 * (s.score - min)) / spread) : 0;
  }
}
