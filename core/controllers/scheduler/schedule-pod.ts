import { SchedulingStatus, type CycleState, type NodeInfo, type PodInfo } from '../../contracts/scheduling.ts';
import type { Diagnosis } from './fit-error.ts';
import type { FilterPlugin } from '../../contracts/scheduling.ts';
import type { SchedulingFramework } from './framework.ts';

/** Below this many nodes every node is filtered (minFeasibleNodesToFind). */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** kube-scheduler filters with 16 goroutines; this scheduler filters on one event loop. */
const KUBERNETES_FILTER_PARALLELISM = 16;

/**
 * numFeasibleNodesToFind: how many feasible nodes are enough to pick from.
 * With a percentage (1-100) this is Kubernetes' rule: that share of the
 * nodes, never fewer than 100. Adaptive (0, the default) starts from
 * Kubernetes' adaptive share (50%, one point less per 125 nodes, at least 5%)
 * and divides the node count by kube-scheduler's 16 filter workers, since
 * this scheduler filters on a single thread: the same work per pod per
 * worker, never fewer than 100 nodes. At 5,000 nodes Kubernetes looks at 500
 * and this scheduler at 100; at 50,000, 2,500 and 156.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const adaptive = percentage <= 0;
  const pct = adaptive ? Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125)) : percentage;
  if (pct >= 100) return numAllNodes;
  const share = Math.trunc((numAllNodes * pct) / 100);
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, adaptive ? Math.trunc(share / KUBERNETES_FILTER_PARALLELISM) : share);
}

export type ScheduleResult =
  | { kind: 'scheduled'; nodeName: string; feasibleNodes: number }
  | { kind: 'unschedulable'; numAllNodes: number; diagnosis: Diagnosis }
  | { kind: 'error'; message: string };

export interface PodSchedulerOptions {
  /** 0 (default) adapts to the cluster size (see numFeasibleNodesToFind); 100 scores every node */
  percentageOfNodesToScore: number;
  /** picks among equally good nodes; Math.random unless a test wants determinism */
  random: () => number;
  /** start every search at the first node instead of rotating (for bin packing) */
  searchFromFirstNode?: boolean;
}

/**
 * One scheduling attempt (Kubernetes' schedulePod): PreFilter, Filter from a
 * rotating start until enough nodes fit, PreScore and Score, then the best
 * node, ties broken at random so that equal nodes share the load.
 */
export class PodScheduler {
  private nextStartNodeIndex = 0;
  /** indexes of the best-scored nodes, reused between cycles */
  private tied = new Int32Array(0);

  constructor(
    private readonly framework: SchedulingFramework,
    private readonly options: PodSchedulerOptions,
  ) {}

  schedule(state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[]): ScheduleResult {
    const pre = this.framework.runPreFilter(state, pod, allNodes);
    if (pre.status.code !== 'Success') {
      if (!SchedulingStatus.isRejected(pre.status)) return { kind: 'error', message: pre.status.reasons.join(', ') };
      const rejections = new Map<string, SchedulingStatus>();
      for (const node of allNodes) rejections.set(node.name, pre.status);
      return this.unschedulable(state, pod, allNodes.length, rejections, new Set(pre.plugin === undefined ? [] : [pre.plugin]), pre.status.reasons.join(', '));
    }

    const rejections = new Map<string, SchedulingStatus>();
    const rejectors = new Set<string>();
    let nodes = allNodes;
    if (pre.nodeNames !== undefined) {
      const narrowed = allNodes.filter((n) => pre.nodeNames?.has(n.name) === true);
      const absent = SchedulingStatus.unresolvable(`node(s) didn't satisfy plugin(s) [${[...pre.narrowedBy].sort().join(' ')}]`);
      for (const node of allNodes) if (!pre.nodeNames.has(node.name)) rejections.set(node.name, absent);
      for (const plugin of pre.narrowedBy) rejectors.add(plugin);
      nodes = narrowed;
    }

    const feasible = this.findFeasible(state, pod, nodes, pre.filters, rejections, rejectors);
    if (typeof feasible === 'string') return { kind: 'error', message: feasible };
    if (feasible.length === 0) return this.unschedulable(state, pod, allNodes.length, rejections, rejectors, '');
    const only = feasible[0];
    if (feasible.length === 1 && only !== undefined) return { kind: 'scheduled', nodeName: only.name, feasibleNodes: 1 };

    const preScore = this.framework.runPreScore(state, pod, feasible);
    if (preScore.status.code !== 'Success') return { kind: 'error', message: preScore.status.reasons.join(', ') };
    const totals = this.framework.runScore(state, pod, feasible, preScore.scorers);
    return { kind: 'scheduled', nodeName: this.selectHost(feasible, totals), feasibleNodes: feasible.length };
  }

  /** findNodesThatPassFilters: from a rotating start, until enough fit; the rest are not looked at */
  private findFeasible(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    filters: readonly FilterPlugin[],
    rejections: Map<string, SchedulingStatus>,
    rejectors: Set<string>,
  ): NodeInfo[] | string {
    const count = nodes.length;
    if (count === 0) return [];
    const toFind = numFeasibleNodesToFind(this.options.percentageOfNodesToScore, count);
    const start = this.options.searchFromFirstNode === true ? 0 : this.nextStartNodeIndex % count;
    const candidates = filters.length === 0 ? undefined : this.framework.runCandidates(pod, nodes, filters);
    if (candidates !== undefined) {
      const found = this.findAmongCandidates(state, pod, nodes, filters, candidates, start, toFind, rejections, rejectors);
      if (typeof found === 'string' || found.length > 0) return found;
      // No node fits: filtering every node gives the diagnosis each one's own reason (a taint found
      // before the selector's mismatch), over the candidates' rejections, which it gives again.
    }
    const feasible: NodeInfo[] = [];
    let processed = 0;
    while (processed < count && feasible.length < toFind) {
      const index = start + processed;
      const node = nodes[index < count ? index : index - count];
      processed++;
      if (node === undefined) continue;
      const rejection = filters.length === 0 ? undefined : this.framework.runFilter(state, pod, node, filters);
      if (rejection === undefined) {
        feasible.push(node);
      } else if (rejection.status.code === 'Error') {
        return `running "${rejection.plugin}" filter plugin: ${rejection.status.reasons.join(', ')}`;
      } else {
        rejections.set(node.name, rejection.status);
        rejectors.add(rejection.plugin);
      }
    }
    this.nextStartNodeIndex = (start + processed) % count;
    return feasible;
  }

  /**
   * findFeasible over the candidate positions alone, with the very outcome
   * of filtering every node from `start`: the same feasible nodes, and the
   * next search starting where that one would (the nodes between the
   * candidates count as looked at). The rejections cover the candidates only.
   */
  private findAmongCandidates(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    filters: readonly FilterPlugin[],
    candidates: Int32Array,
    start: number,
    toFind: number,
    rejections: Map<string, SchedulingStatus>,
    rejectors: Set<string>,
  ): NodeInfo[] | string {
    const count = nodes.length;
    const feasible: NodeInfo[] = [];
    const first = firstAtOrAfter(candidates, start);
    // Where filtering every node would start next: after the node that made enough, or, having looked at all, at `start`.
    let next = start;
    for (let k = 0; k < candidates.length && feasible.length < toFind; k++) {
      const at = first + k;
      const position = candidates[at < candidates.length ? at : at - candidates.length] ?? 0;
      const node = nodes[position];
      if (node === undefined) continue;
      const rejection = this.framework.runFilter(state, pod, node, filters);
      if (rejection === undefined) {
        feasible.push(node);
        if (feasible.length === toFind) next = (position + 1) % count;
      } else if (rejection.status.code === 'Error') {
        return `running "${rejection.plugin}" filter plugin: ${rejection.status.reasons.join(', ')}`;
      } else {
        rejections.set(node.name, rejection.status);
        rejectors.add(rejection.plugin);
      }
    }
    this.nextStartNodeIndex = next;
    return feasible;
  }

  private unschedulable(
    state: CycleState,
    pod: PodInfo,
    numAllNodes: number,
    rejections: Map<string, SchedulingStatus>,
    rejectors: Set<string>,
    preFilterMessage: string,
  ): ScheduleResult {
    const post = this.framework.runPostFilter(state, pod, rejections);
    return { kind: 'unschedulable', numAllNodes, diagnosis: { rejections, rejectors, preFilterMessage, postFilterMessage: post.message } };
  }

  /** the highest total; among equals each is as likely, as Kubernetes' selectHost (reservoir sampling) */
  private selectHost(nodes: readonly NodeInfo[], totals: Float64Array): string {
    let best = -Infinity;
    let ties = 0;
    const tied = this.tied.length >= totals.length ? this.tied : (this.tied = new Int32Array(totals.length));
    for (let i = 0; i < totals.length; i++) {
      const total = totals[i] ?? 0;
      if (total > best) {
        best = total;
        ties = 0;
      }
      if (total === best) tied[ties++] = i;
    }
    const chosen = ties <= 1 ? (tied[0] ?? 0) : (tied[Math.floor(this.options.random() * ties)] ?? 0);
    return nodes[chosen]?.name ?? '';
  }
}

/** the index of the first value at least `value` in ascending `values`; 0 when there is none (the search wraps) */
function firstAtOrAfter(values: Int32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low === values.length ? 0 : low;
}
