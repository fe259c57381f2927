import {
  SchedulingStatus,
  createStateKey,
  type ClusterEvent,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type Toleration,
} from '../../../contracts/scheduling.ts';
import { defaultNormalizeScore } from './normalize.ts';
import { DO_NOT_SCHEDULE_EFFECTS, findUntoleratedTaint, tolerationsTolerateTaint } from './tolerations.ts';

export function untoleratedTaintReason(key: string, value: string): string {
  return `node(s) had untolerated taint {${key}: ${value}}`;
}

const PREFER_NO_SCHEDULE_TOLERATIONS = createStateKey<readonly Toleration[]>('PreScoreTaintToleration');

/**
 * Taints and tolerations: a NoSchedule or NoExecute taint the pod does not
 * tolerate rules the node out; each PreferNoSchedule taint it does not
 * tolerate lowers the node's score.
 */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'TaintToleration';
  readonly events: readonly ClusterEvent[] = ['NodeAdd', 'NodeTaintChange'];

  /** `anyPreferNoSchedule` says whether any node has a PreferNoSchedule taint; if none, every node scores alike */
  constructor(private readonly anyPreferNoSchedule: () => boolean = () => true) {}

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    if (node.taints.length === 0) return SchedulingStatus.success;
    const taint = findUntoleratedTaint(node.taints, pod.tolerations, DO_NOT_SCHEDULE_EFFECTS);
    return taint === undefined ? SchedulingStatus.success : SchedulingStatus.unresolvable(untoleratedTaintReason(taint.key, taint.value));
  }

  preScore(state: CycleState, pod: PodInfo): SchedulingStatus {
    // Equal raw scores normalise to equal scores: skipping them changes no ranking.
    if (!this.anyPreferNoSchedule()) return SchedulingStatus.skip;
    state.write(PREFER_NO_SCHEDULE_TOLERATIONS, pod.tolerations.filter((t) => t.effect === '' || t.effect === 'PreferNoSchedule'));
    return SchedulingStatus.success;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const tolerations = state.read(PREFER_NO_SCHEDULE_TOLERATIONS) ?? pod.tolerations;
    let intolerable = 0;
    for (const taint of node.taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) intolerable++;
    }
    return intolerable;
  }

  normalizeScores(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): void {
    defaultNormalizeScore(scores, true);
  }
}
