import {
  SchedulingStatus,
  type ClusterEvent,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../../contracts/scheduling.ts';
import { preferredNodeAffinity, requiredNodeAffinity, type NodeMatcher } from './node-selector.ts';
import { defaultNormalizeScore } from './normalize.ts';

export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const REJECTED = SchedulingStatus.unresolvable(ERR_REASON_NODE_AFFINITY);

/** Selectors whose candidates are kept per node list: past this many, the list's answers start over. */
const SELECTORS_KEPT = 256;

/**
 * spec.nodeSelector and required node affinity as a filter; preferred node
 * affinity as a score (the summed weights of matching terms, scaled to 0..100).
 */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'NodeAffinity';
  readonly events: readonly ClusterEvent[] = ['NodeAdd', 'NodeLabelChange'];
  /**
   * Candidates by the node list they were found in and by selector. The
   * scheduler's list is replaced whenever a node joins, leaves or changes
   * labels, and the pods of one template share a selector (and so its one
   * compiled matcher, by which answers are kept), so most pods reuse an answer.
   */
  private readonly kept = new WeakMap<readonly NodeInfo[], Map<NodeMatcher, Int32Array>>();

  preFilter(_state: CycleState, pod: PodInfo): SchedulingStatus | PreFilterResult {
    if (pod.nodeSelector === undefined && pod.requiredNodeAffinity === undefined) return SchedulingStatus.skip;
    const terms = pod.requiredNodeAffinity;
    if (terms === undefined || terms.length === 0) return SchedulingStatus.success;
    // Terms that pin metadata.name let the scheduler look at those nodes only.
    let names: Set<string> | undefined;
    for (const term of terms) {
      let termNames: Set<string> | undefined;
      for (const r of term.matchFields) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const values = new Set(r.values);
        termNames = termNames === undefined ? values : new Set([...termNames].filter((n) => values.has(n)));
      }
      if (termNames === undefined) return SchedulingStatus.success;
      names = new Set([...(names ?? []), ...termNames]);
    }
    if (names !== undefined && names.size === 0) return SchedulingStatus.unresolvable(ERR_REASON_CONFLICT);
    return names === undefined ? SchedulingStatus.success : { nodeNames: names };
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    const matches = requiredNodeAffinity(pod);
    return matches === null || matches(node) ? SchedulingStatus.success : REJECTED;
  }

  candidates(pod: PodInfo, nodes: readonly NodeInfo[]): Int32Array | undefined {
    const matches = requiredNodeAffinity(pod);
    if (matches === null) return undefined;
    let answers = this.kept.get(nodes);
    const known = answers?.get(matches);
    if (known !== undefined) return known;
    const positions: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node !== undefined && matches(node)) positions.push(i);
    }
    const found = Int32Array.from(positions);
    if (answers === undefined || answers.size >= SELECTORS_KEPT) this.kept.set(nodes, (answers = new Map()));
    answers.set(matches, found);
    return found;
  }

  preScore(_state: CycleState, pod: PodInfo): SchedulingStatus {
    return preferredNodeAffinity(pod) === null ? SchedulingStatus.skip : SchedulingStatus.success;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return preferredNodeAffinity(pod)?.(node) ?? 0;
  }

  normalizeScores(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): void {
    defaultNormalizeScore(scores, false);
  }
}
