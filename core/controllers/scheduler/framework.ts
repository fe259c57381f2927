import { isRecord } from '../../api/types/meta.ts';
import {
  MAX_NODE_SCORE,
  SchedulingStatus,
  type BindPlugin,
  type ClusterEvent,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PostFilterPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ReservePlugin,
  type SchedulingPlugin,
  type SchedulingPluginContribution,
  type ScorePlugin,
} from '../../contracts/scheduling.ts';

const has = (plugin: SchedulingPlugin, method: string): boolean => isRecord(plugin) && typeof plugin[method] === 'function';
const isPreFilter = (p: SchedulingPlugin): p is PreFilterPlugin => has(p, 'preFilter');
const isFilter = (p: SchedulingPlugin): p is FilterPlugin => has(p, 'filter');
const isPostFilter = (p: SchedulingPlugin): p is PostFilterPlugin => has(p, 'postFilter');
const isPreScore = (p: SchedulingPlugin): p is PreScorePlugin => has(p, 'preScore');
const isScore = (p: SchedulingPlugin): p is ScorePlugin => has(p, 'score');
const isReserve = (p: SchedulingPlugin): p is ReservePlugin => has(p, 'reserve') && has(p, 'unreserve');
const isBind = (p: SchedulingPlugin): p is BindPlugin => has(p, 'bind');

export interface WeightedScorer {
  plugin: ScorePlugin;
  weight: number;
}

/** A node turned down, and by which plugin. */
export interface Rejection {
  status: SchedulingStatus;
  plugin: string;
}

export interface PreFilterOutcome {
  /** Success, or the first non-success status (then `plugin` says whose) */
  status: SchedulingStatus;
  plugin?: string;
  /** the nodes PreFilter results narrowed the search to; undefined: all */
  nodeNames?: ReadonlySet<string>;
  /** the plugins whose results narrowed it, for the rejection of the other nodes */
  narrowedBy: string[];
  /** the Filter plugins to run: those whose PreFilter did not Skip */
  filters: FilterPlugin[];
}

/** Thrown when a plugin breaks the contract (a score out of range); the pod is retried with backoff. */
export class SchedulingFrameworkError extends Error {}

/**
 * Runs the plugins of each extension point in order, as Kubernetes'
 * frameworkImpl does: PreFilter skips, narrowing and failures, Filter until the
 * first rejection, Score with normalisation and weights, Reserve with
 * un-reserve on failure, Bind until a plugin does not Skip.
 */
export class SchedulingFramework {
  readonly preFilters: PreFilterPlugin[];
  readonly filters: FilterPlugin[];
  readonly postFilters: PostFilterPlugin[];
  readonly preScores: PreScorePlugin[];
  readonly scorers: WeightedScorer[];
  readonly reservers: ReservePlugin[];
  readonly binders: BindPlugin[];
  private readonly events = new Map<string, readonly ClusterEvent[] | undefined>();

  constructor(contributions: readonly SchedulingPluginContribution[]) {
    for (const { plugin, weight } of contributions) {
      if (typeof plugin.name !== 'string' || plugin.name === '') throw new Error('a scheduling plugin has no name');
      if (this.events.has(plugin.name)) throw new Error(`scheduling plugin "${plugin.name}" is registered twice; plugin names must be unique`);
      if (weight !== undefined && (!Number.isInteger(weight) || weight < 1)) {
        throw new Error(`scheduling plugin "${plugin.name}": weight must be a positive integer, got ${weight}`);
      }
      this.events.set(plugin.name, plugin.events);
    }
    const plugins = contributions.map((c) => c.plugin);
    this.preFilters = plugins.filter(isPreFilter);
    this.filters = plugins.filter(isFilter);
    this.postFilters = plugins.filter(isPostFilter);
    this.preScores = plugins.filter(isPreScore);
    this.scorers = [];
    for (const { plugin, weight } of contributions) if (isScore(plugin)) this.scorers.push({ plugin, weight: weight ?? 1 });
    this.reservers = plugins.filter(isReserve);
    this.binders = plugins.filter(isBind);
  }

  /** the cluster changes a plugin listed; undefined when it listed none (it cares about all) */
  eventsOf(plugin: string): readonly ClusterEvent[] | undefined {
    return this.events.get(plugin);
  }

  runPreFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    const skipped = new Set<string>();
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    for (const plugin of this.preFilters) {
      const outcome = plugin.preFilter(state, pod, nodes);
      if (isPreFilterResult(outcome)) {
        narrowedBy.push(plugin.name);
        nodeNames = nodeNames === undefined ? new Set(outcome.nodeNames) : intersect(nodeNames, outcome.nodeNames);
        continue;
      }
      if (outcome.code === 'Skip') {
        skipped.add(plugin.name);
        continue;
      }
      if (outcome.code !== 'Success') return { status: outcome, plugin: plugin.name, narrowedBy, filters: [] };
    }
    const filters = skipped.size === 0 ? this.filters : this.filters.filter((p) => !skipped.has(p.name));
    return { status: SchedulingStatus.success, ...(nodeNames === undefined ? {} : { nodeNames }), narrowedBy, filters };
  }

  /**
   * PreFilterExtensions.AddPod, as Kubernetes runs it for preemption: each
   * PreFilter plugin whose Filter runs in this cycle (`filters`, from
   * runPreFilter) updates its state for `added`, now counted on `node`.
   */
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo, filters: readonly FilterPlugin[]): void {
    for (const plugin of this.preFilters) {
      if (plugin.addPod === undefined) continue;
      for (const filter of filters) {
        if (filter.name !== plugin.name) continue;
        plugin.addPod(state, pod, added, node);
        break;
      }
    }
  }

  /**
   * The positions in `nodes` of the only nodes `filters` can pass, from the
   * filters that narrow (FilterPlugin.candidates), ascending; undefined when
   * none narrows.
   */
  runCandidates(pod: PodInfo, nodes: readonly NodeInfo[], filters: readonly FilterPlugin[]): Int32Array | undefined {
    let candidates: Int32Array | undefined;
    for (const plugin of filters) {
      const mine = plugin.candidates?.(pod, nodes);
      if (mine !== undefined) candidates = candidates === undefined ? mine : intersectAscending(candidates, mine);
    }
    return candidates;
  }

  /** the first rejection of `node`, or undefined when every filter passes */
  runFilter(state: CycleState, pod: PodInfo, node: NodeInfo, filters: readonly FilterPlugin[]): Rejection | undefined {
    // Indexed, not for-of: called for every node a pod looks at, and the array iterator was a tenth of c1m-lite's allocations.
    for (let i = 0; i < filters.length; i++) {
      const plugin = filters[i];
      if (plugin === undefined) continue;
      const status = plugin.filter(state, pod, node);
      if (status.code !== 'Success') return { status, plugin: plugin.name };
    }
    return undefined;
  }

  /** the reasons PostFilter plugins add to the FailedScheduling message; `retry` when one made room */
  runPostFilter(state: CycleState, pod: PodInfo, rejections: ReadonlyMap<string, SchedulingStatus>): { retry: boolean; message: string } {
    const messages: string[] = [];
    for (const plugin of this.postFilters) {
      const status = plugin.postFilter(state, pod, rejections);
      if (status.code === 'Success') return { retry: true, message: '' };
      if (status.reasons.length > 0) messages.push(status.reasons.join(', '));
    }
    return { retry: false, message: messages.join(' ') };
  }

  /** the Score plugins to run for this pod; a PreScore error aborts the cycle */
  runPreScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { status: SchedulingStatus; plugin?: string; scorers: WeightedScorer[] } {
    const skipped = new Set<string>();
    for (const plugin of this.preScores) {
      const status = plugin.preScore(state, pod, nodes);
      if (status.code === 'Skip') skipped.add(plugin.name);
      else if (status.code !== 'Success') return { status, plugin: plugin.name, scorers: [] };
    }
    const scorers = skipped.size === 0 ? this.scorers : this.scorers.filter((s) => !skipped.has(s.plugin.name));
    return { status: SchedulingStatus.success, scorers };
  }

  /** the weighted total score of each node, in the order of `nodes` */
  runScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scorers: readonly WeightedScorer[]): Float64Array {
    const totals = new Float64Array(nodes.length);
    for (const { plugin, weight } of scorers) {
      if (plugin.normalizeScores === undefined) {
        for (let i = 0; i < nodes.length; i++) {
          const node = nodes[i];
          if (node === undefined) continue;
          const score = plugin.score(state, pod, node);
          if (!(score >= 0 && score <= MAX_NODE_SCORE)) invalidScore(plugin.name, score);
          totals[i] = (totals[i] ?? 0) + score * weight;
        }
        continue;
      }
      const scores: NodeScore[] = [];
      for (const node of nodes) scores.push({ node, score: plugin.score(state, pod, node) });
      plugin.normalizeScores(state, pod, scores);
      for (let i = 0; i < scores.length; i++) {
        const score = scores[i]?.score ?? 0;
        if (!(score >= 0 && score <= MAX_NODE_SCORE)) invalidScore(plugin.name, score);
        totals[i] = (totals[i] ?? 0) + score * weight;
      }
    }
    return totals;
  }

  runReserve(state: CycleState, pod: PodInfo, nodeName: string): Rejection | undefined {
    for (const plugin of this.reservers) {
      const status = plugin.reserve(state, pod, nodeName);
      if (status.code !== 'Success') return { status, plugin: plugin.name };
    }
    return undefined;
  }

  /** un-reserves in reverse order, as Kubernetes does */
  runUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservers.length - 1; i >= 0; i--) this.reservers[i]?.unreserve(state, pod, nodeName);
  }

  async runBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<SchedulingStatus> {
    for (const plugin of this.binders) {
      const status = await plugin.bind(state, pod, nodeName);
      if (status.code !== 'Skip') return status;
    }
    return SchedulingStatus.error('no bind plugin bound the pod');
  }
}

function isPreFilterResult(outcome: SchedulingStatus | PreFilterResult): outcome is PreFilterResult {
  return 'nodeNames' in outcome;
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const name of a) if (b.has(name)) out.add(name);
  return out;
}

function invalidScore(plugin: string, score: number): never {
  throw new SchedulingFrameworkError(`plugin "${plugin}" returns an invalid score ${score}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`);
}

/** the numbers in both ascending lists */
function intersectAscending(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}
