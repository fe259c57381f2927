import { CycleState, type NodeInfo, type PodInfo, type TopologySpreadConstraint } from '../../../contracts/scheduling.ts';
import type { PreFilterOutcome, SchedulingFramework } from '../../scheduler/framework.ts';
import { requiredNodeAffinity } from '../../scheduler/plugins/node-selector.ts';
import { hasAllTopologyKeys, HOSTNAME_LABEL, nodeIsIncluded } from '../../scheduler/plugins/pod-topology-spread/common.ts';
import { LabelIndex, requiredLabelKeys } from './label-index.ts';

/** Built-in PreFilter plugins whose state does not depend on what the pod requests. */
const REQUEST_BLIND_PREFILTERS: ReadonlySet<string> = new Set(['NodeName', 'NodeAffinity', 'NodePorts', 'PodTopologySpread', 'InterPodAffinity']);

/** Whether pods that differ only in their requests may get different PreFilter states from this framework. */
export function preFiltersReadRequests(framework: SchedulingFramework): boolean {
  return framework.preFilters.some((p) => !REQUEST_BLIND_PREFILTERS.has(p.name));
}

/** For a pod's hard spread constraints: the domains PreFilter counted, and whether a domain stays at 0 for good. */
interface SpreadDomains {
  constraints: readonly TopologySpreadConstraint[];
  domains: Set<string>[];
  /** a placeholder node, never given pods, is one of the domains: the global minimum stays 0 */
  zeroForever: boolean[];
}

export interface PreFilterEntry {
  readonly signature: string;
  /** the pod PreFilter ran for; every pod of the signature filters with its state */
  readonly pod: PodInfo;
  readonly state: CycleState;
  readonly outcome: PreFilterOutcome;
  /** whether a plugin whose Filter runs keeps state that placements change */
  readonly tracksPods: boolean;
  readonly spread: SpreadDomains | undefined;
}

/**
 * PreFilter once per scheduling signature, not per pod. Pods of a
 * signature read the same fields, so one PreFilter state serves them all as
 * long as it is kept current: each simulated placement is fed to the
 * plugins' AddPod (PreFilterExtensions), which updates topology-spread and
 * inter-pod-affinity counts in place instead of recounting every pod of the
 * cluster. Only the states whose selectors the placed pod could match are
 * visited (a LabelIndex over the selectors' required labels): a pod no
 * selector of a state matches changes none of its counts. Changes AddPod
 * does not cover drop the state, and the next pod runs PreFilter again:
 * - the first pod with required anti-affinity: plugins that skipped
 *   because the cluster had none must now run;
 * - a new node that adds a spread domain PreFilter did not count, unless a
 *   never-filled placeholder keeps that constraint's minimum at 0 anyway.
 */
export class PreFilterCache {
  private readonly entries = new Map<string, PreFilterEntry>();
  private readonly withAddPod: ReadonlySet<string>;
  private index = new LabelIndex<PreFilterEntry>();

  constructor(
    private readonly framework: SchedulingFramework,
    /** every node PreFilter sees, placeholders included; grows as the plan opens nodes */
    private readonly nodes: readonly NodeInfo[],
    private readonly placeholders: readonly NodeInfo[],
  ) {
    this.withAddPod = new Set(framework.preFilters.filter((p) => p.addPod !== undefined).map((p) => p.name));
  }

  get(signature: string, pod: PodInfo): PreFilterEntry {
    const known = this.entries.get(signature);
    if (known !== undefined) return known;
    const state = new CycleState();
    const outcome = this.framework.runPreFilter(state, pod, this.nodes);
    const tracksPods = outcome.filters.some((f) => this.withAddPod.has(f.name));
    const spread = outcome.filters.some((f) => f.name === 'PodTopologySpread') ? this.spreadDomains(pod) : undefined;
    const entry: PreFilterEntry = { signature, pod, state, outcome, tracksPods, spread };
    this.entries.set(signature, entry);
    if (tracksPods) this.index.add(entry, this.selectorKeys(entry));
    return entry;
  }

  /** no pod of this signature is left to place */
  drop(signature: string): void {
    this.entries.delete(signature);
  }

  /** `added` was placed on `node` (already counted there) */
  podAdded(added: PodInfo, node: NodeInfo, firstWithRequiredAntiAffinity: boolean): void {
    if (firstWithRequiredAntiAffinity) {
      this.entries.clear();
      this.index = new LabelIndex();
      return;
    }
    const update = (entry: PreFilterEntry): void => {
      if (this.entries.get(entry.signature) === entry) this.framework.runPreFilterAddPod(entry.state, entry.pod, added, node, entry.outcome.filters);
    };
    // Anti-affinity of the placed pod may keep any pod out: every state that counts it hears of it.
    if (added.requiredAntiAffinityTerms.length > 0) {
      for (const entry of this.entries.values()) if (entry.tracksPods) update(entry);
      return;
    }
    this.index.forEachConcerning(added, update);
  }

  /**
   * Per selector of the entry's pod that a placed pod must match to change
   * its state, the labels that pod must carry (undefined: any pod may).
   */
  private selectorKeys(entry: PreFilterEntry): (string[] | undefined)[] {
    const { pod } = entry;
    const keys: (string[] | undefined)[] = [];
    for (const filter of entry.outcome.filters) {
      if (!this.withAddPod.has(filter.name)) continue;
      if (filter.name === 'PodTopologySpread') {
        for (const c of pod.topologySpreadConstraints) if (c.whenUnsatisfiable === 'DoNotSchedule') keys.push(requiredLabelKeys(c.selector));
      } else if (filter.name === 'InterPodAffinity') {
        // A pod must match every affinity term to count: any one term's labels will do.
        if (pod.requiredAffinityTerms.length > 0) keys.push(pod.requiredAffinityTerms.map((t) => requiredLabelKeys(t.selector)).find((k) => k !== undefined));
        for (const term of pod.requiredAntiAffinityTerms) keys.push(requiredLabelKeys(term.selector));
      } else {
        keys.push(undefined);
      }
    }
    return keys;
  }

  /** an empty node joined `nodes` */
  nodeAdded(node: NodeInfo): void {
    for (const [signature, entry] of this.entries) {
      if (entry.spread !== undefined && addsDomain(entry.spread, entry.pod, node)) this.entries.delete(signature);
    }
  }

  private spreadDomains(pod: PodInfo): SpreadDomains | undefined {
    const constraints = pod.topologySpreadConstraints.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (constraints.length === 0) return undefined;
    const affinity = requiredNodeAffinity(pod);
    const domains = constraints.map(() => new Set<string>());
    const zeroForever = constraints.map(() => false);
    const placeholders = new Set(this.placeholders);
    for (const node of this.nodes) {
      if (!hasAllTopologyKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        if (!nodeIsIncluded(c, pod, node, affinity)) return;
        domains[i]?.add(node.labels[c.topologyKey] ?? '');
        // A placeholder's hostname is its own domain, and it never gets a pod.
        if (c.topologyKey === HOSTNAME_LABEL && placeholders.has(node)) zeroForever[i] = true;
      });
    }
    return { constraints, domains, zeroForever };
  }
}

/** whether counting `node` would add a domain the state lacks and could lower a constraint's minimum */
function addsDomain(spread: SpreadDomains, pod: PodInfo, node: NodeInfo): boolean {
  if (!hasAllTopologyKeys(node, spread.constraints)) return false;
  const affinity = requiredNodeAffinity(pod);
  return spread.constraints.some((c, i) => {
    if (spread.zeroForever[i] === true || !nodeIsIncluded(c, pod, node, affinity)) return false;
    return !(spread.domains[i]?.has(node.labels[c.topologyKey] ?? '') ?? false);
  });
}
