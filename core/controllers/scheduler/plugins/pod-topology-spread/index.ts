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
import { addToSpreadState, computeSpreadFilterState, filterSpread, type SpreadFilterState } from './filtering.ts';
import { computeSpreadScoreState, normalizeSpread, scoreSpread, type SpreadScoreState } from './scoring.ts';

export { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering.ts';

const FILTER_STATE = createStateKey<SpreadFilterState>('PreFilterPodTopologySpread');
const SCORE_STATE = createStateKey<SpreadScoreState>('PreScorePodTopologySpread');

/**
 * Topology spread constraints: DoNotSchedule ones filter nodes whose domain
 * would exceed maxSkew; ScheduleAnyway ones prefer domains with fewer
 * matching pods. (Kubernetes' cluster-level default constraints, which apply
 * to pods of Services and ReplicaSets without constraints of their own, are
 * not applied.)
 */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  readonly events: readonly ClusterEvent[] = ['AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'NodeAdd', 'NodeLabelChange', 'NodeTaintChange'];

  /** `allNodes`: every node, whose pods count towards the spread, not just the feasible ones */
  constructor(private readonly allNodes: () => readonly NodeInfo[]) {}

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SchedulingStatus {
    const s = computeSpreadFilterState(pod, nodes);
    if (s === undefined) return SchedulingStatus.skip;
    state.write(FILTER_STATE, s);
    return SchedulingStatus.success;
  }

  addPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    const s = state.read(FILTER_STATE);
    if (s !== undefined) addToSpreadState(s, pod, added, node);
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    const s = state.read(FILTER_STATE);
    return s === undefined ? SchedulingStatus.success : filterSpread(s, pod, node);
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SchedulingStatus {
    const s = computeSpreadScoreState(pod, nodes, this.allNodes());
    if (s === undefined) return SchedulingStatus.skip;
    state.write(SCORE_STATE, s);
    return SchedulingStatus.success;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const s = state.read(SCORE_STATE);
    return s === undefined ? 0 : scoreSpread(s, pod, node);
  }

  normalizeScores(state: CycleState, _pod: PodInfo, scores: NodeScore[]): void {
    const s = state.read(SCORE_STATE);
    if (s !== undefined) normalizeSpread(s, scores);
  }
}
