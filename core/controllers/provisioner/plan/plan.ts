import { matchesLabels } from '../../../api/selectors/label-selector.ts';
import type { PodInfo } from '../../../contracts/scheduling.ts';
import type { SchedulingFramework } from '../../scheduler/framework.ts';
import { NodeOpener, type PoolState } from './open-node.ts';
import type { PlannedNodeState } from './planned-node.ts';
import { firstFitDecreasing, type QueuedPod, type ResourceScale } from './pod-order.ts';
import { PoolBudget } from './pool-budget.ts';
import { PoolCatalog } from './pool-catalog.ts';
import { PreFilterCache, preFiltersReadRequests, type PreFilterEntry } from './prefilter-cache.ts';
import { simulateWith } from './planning-framework.ts';
import { Simulation } from './simulation.ts';
import { canTakeMore, mayFit, type Target } from './targets.ts';
import type { ProvisioningInput, ProvisioningPlan, PoolLimit } from './types.ts';

/**
 * Where the pending pods go: onto nodes that exist, onto nodes still
 * launching, or onto new nodes, and which pods fit nowhere and why.
 * Karpenter's scheduler: first-fit decreasing (in the order pod-order.ts
 * explains) over the scheduler's own filters, new nodes from the highest-weight pool that can take the pod,
 * each launched as the cheapest instance type that holds its pods.
 * Pure and synchronous: the input is never modified.
 */
export function planProvisioning(input: ProvisioningInput): ProvisioningPlan {
  const catalogs = [...input.pools]
    .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name))
    .map((pool) => new PoolCatalog(pool));
  const simulation = new Simulation(input, catalogs);
  const release = simulateWith(input.framework, simulation);
  try {
    return new Planner(input, simulation, catalogs).run();
  } finally {
    release();
  }
}

/**
 * Filters whose verdict depends only on the pod's signature and the node's
 * labels, taints and name, which no placement changes: a node they turn
 * down stays turned down for every pod of the signature.
 */
const STATIC_FILTERS: ReadonlySet<string> = new Set(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity']);

/** Where the last pod of a run of identical pods ended, so the next one need not retry what turned it down. */
type LastOutcome = { group: string; failed: string; limitedPools: PoolLimit[] } | { group: string; failed?: undefined; serial: number };

class Planner {
  private readonly cache: PreFilterCache;
  private readonly opener: NodeOpener;
  private readonly pools: PoolState[];
  private readonly framework: SchedulingFramework;
  private readonly plan: ProvisioningPlan = { existing: [], launching: [], newNodes: [], unschedulable: [] };
  private readonly unplaced = new Map<string, number>();
  /** per signature, the targets a static filter turned down */
  private readonly ruledOut = new Map<string, Set<number>>();
  private minCpu = 0;
  private minMemory = 0;

  constructor(
    private readonly input: ProvisioningInput,
    private readonly simulation: Simulation,
    catalogs: readonly PoolCatalog[],
  ) {
    this.framework = input.framework;
    this.cache = new PreFilterCache(input.framework, simulation.nodes, simulation.placeholders);
    this.pools = catalogs.map((catalog) => ({ catalog, budget: new PoolBudget(catalog.pool), nodesPerZone: catalog.zones.map(() => 0) }));
    this.opener = new NodeOpener(input.framework, this.pools);
  }

  run(): ProvisioningPlan {
    let queue = firstFitDecreasing(this.pendingPods(), preFiltersReadRequests(this.framework), this.scale());
    this.minCpu = Number.POSITIVE_INFINITY;
    this.minMemory = Number.POSITIVE_INFINITY;
    for (const q of queue) {
      this.minCpu = Math.min(this.minCpu, q.info.requests.milliCPU);
      this.minMemory = Math.min(this.minMemory, q.info.requests.memory);
      this.unplaced.set(q.signature, (this.unplaced.get(q.signature) ?? 0) + 1);
    }
    // Karpenter's queue: pods that fit nowhere are tried again after the others, for as long as that places any.
    for (;;) {
      const failed: { q: QueuedPod; reason: string; limitedPools: PoolLimit[] }[] = [];
      let last: LastOutcome | undefined;
      for (const q of queue) {
        last = this.placeOne(q, last);
        if (last.failed !== undefined) failed.push({ q, reason: last.failed, limitedPools: last.limitedPools });
      }
      if (failed.length === 0 || failed.length === queue.length) {
        for (const { q, reason, limitedPools } of failed) this.plan.unschedulable.push({ pod: q.info, reason, limitedPools });
        break;
      }
      queue = failed.map((f) => f.q);
    }
    this.plan.newNodes = this.simulation.planned.map((node) => node.toPlannedNode());
    return this.plan;
  }

  /** the most cpu and memory any type of any pool offers */
  private scale(): ResourceScale {
    let milliCPU = 0;
    let memory = 0;
    for (const { catalog } of this.pools) {
      for (const c of catalog.cpu) milliCPU = Math.max(milliCPU, c);
      for (const m of catalog.memory) memory = Math.max(memory, m);
    }
    return { milliCPU, memory };
  }

  /** the pods to place; those already bound or nominated (the input lists them on a node) are reported where they are */
  private pendingPods(): PodInfo[] {
    const where = new Map<string, { kind: 'existing' | 'launching'; name: string }>();
    for (const node of this.input.nodes) for (const pod of node.pods) where.set(pod.key, { kind: 'existing', name: node.name });
    for (const claim of this.input.launching) for (const pod of claim.pods) where.set(pod.key, { kind: 'launching', name: claim.name });
    const pending: PodInfo[] = [];
    for (const pod of this.input.pods) {
      const found = where.get(pod.key);
      if (found === undefined) pending.push(pod);
      else if (found.kind === 'existing') this.plan.existing.push({ pod, nodeName: found.name });
      else this.plan.launching.push({ pod, claimName: found.name });
    }
    return pending;
  }

  private placeOne(q: QueuedPod, last: LastOutcome | undefined): LastOutcome {
    const pod = q.info;
    const identical = last !== undefined && last.group === q.group;
    // Nothing changed since the identical pod before it found no room.
    if (identical && last.failed !== undefined) return last;
    const entry = this.cache.get(q.signature, pod);
    if (entry.outcome.status.code !== 'Success') return { group: q.group, failed: entry.outcome.status.reasons.join(', '), limitedPools: [] };
    // Nodes the identical pod before it passed over still turn it down, unless placing that pod changed its own constraints.
    const from = identical && last.failed === undefined && !changesOwnConstraints(pod) ? last.serial : 0;
    const target = this.firstFit(q, entry, from);
    if (target !== undefined) return { group: q.group, serial: target.serial };
    const opened = this.opener.open(pod, q.signature, entry, this.simulation.nextPlannedName());
    if ('reason' in opened) return { group: q.group, failed: opened.reason, limitedPools: opened.limitedPools };
    return { group: q.group, serial: this.openNode(q, opened.node).serial };
  }

  private firstFit(q: QueuedPod, entry: PreFilterEntry, fromSerial: number): Target | undefined {
    const pod = q.info;
    const { nodeNames, filters } = entry.outcome;
    let ruledOut = this.ruledOut.get(q.signature);
    const target = this.simulation.targets.firstFit(pod.requests, fromSerial, (target) => {
      if (ruledOut?.has(target.serial) === true || (nodeNames !== undefined && !nodeNames.has(target.info.name))) return false;
      const rejection = this.framework.runFilter(entry.state, pod, target.info, filters);
      if (rejection !== undefined) {
        if (STATIC_FILTERS.has(rejection.plugin)) {
          ruledOut ??= new Set();
          this.ruledOut.set(q.signature, ruledOut);
          ruledOut.add(target.serial);
        }
        return false;
      }
      if (target.kind !== 'planned') {
        this.place(q, target);
        return true;
      }
      const narrowed = target.planned.narrowFor(pod, target.planned.catalog.compatibility(pod, q.signature));
      if (narrowed.length === 0) return false;
      this.place(q, target, narrowed);
      return true;
    });
    if (target?.kind === 'existing') this.plan.existing.push({ pod, nodeName: target.info.name });
    else if (target?.kind === 'launching') this.plan.launching.push({ pod, claimName: target.info.name });
    return target;
  }

  private openNode(q: QueuedPod, node: PlannedNodeState): Target {
    node.commit();
    const pool = this.pools.find((p) => p.catalog === node.catalog);
    if (pool !== undefined) pool.nodesPerZone[node.zone] = (pool.nodesPerZone[node.zone] ?? 0) + 1;
    this.simulation.addPlanned(node);
    this.cache.nodeAdded(node.info);
    const target = this.simulation.targets.all.at(-1);
    if (target === undefined || target.info !== node.info) throw new Error('planned node is not the last target');
    // The candidates already hold this pod: the opener chose them for it.
    this.place(q, target);
    return target;
  }

  /** counts the pod on the target; a planned node keeps only the `narrowed` candidates that hold it */
  private place(q: QueuedPod, target: Target, narrowed?: number[]): void {
    const first = this.simulation.place(q.info, target.info);
    if (target.kind === 'planned' && narrowed !== undefined) target.planned.narrowTo(narrowed);
    this.cache.podAdded(q.info, target.info, first);
    const left = (this.unplaced.get(q.signature) ?? 1) - 1;
    this.unplaced.set(q.signature, left);
    if (left === 0) this.cache.drop(q.signature);
    const targets = this.simulation.targets;
    targets.changed(target);
    if (!canTakeMore(target, this.minCpu, this.minMemory)) targets.close(target);
  }
}

/** whether placing the pod changes the PreFilter state of pods identical to it */
function changesOwnConstraints(pod: PodInfo): boolean {
  if (pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0) return true;
  return pod.topologySpreadConstraints.some((c) => c.whenUnsatisfiable === 'DoNotSchedule' && c.selector !== null && matchesLabels(c.selector, pod.labels));
}
