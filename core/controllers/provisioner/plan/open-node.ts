import { WellKnownLabels } from '../../../api/kinds/nodepool/types.ts';
import type { PodInfo, Taint } from '../../../contracts/scheduling.ts';
import type { SchedulingFramework } from '../../scheduler/framework.ts';
import { DO_NOT_SCHEDULE_EFFECTS, findUntoleratedTaint } from '../../scheduler/plugins/tolerations.ts';
import { TYPE_LEVEL_KEYS } from './offer-labels.ts';
import { PlannedNodeState } from './planned-node.ts';
import type { PoolBudget } from './pool-budget.ts';
import type { PoolCatalog } from './pool-catalog.ts';
import type { PreFilterEntry } from './prefilter-cache.ts';
import type { PoolLimit } from './types.ts';
import { describeRequests } from './quantities.ts';

/** A refusal names the pools whose limits or max (not the pod's constraints) turned it down. */
export type OpenResult = { node: PlannedNodeState } | { reason: string; limitedPools: PoolLimit[] };

/** A pool with what it may still launch and how many of its planned nodes went to each zone. */
export interface PoolState {
  catalog: PoolCatalog;
  budget: PoolBudget;
  nodesPerZone: number[];
}

/**
 * Opens a planned node for a pod that fits nowhere else: the first pool
 * (highest weight, then by name) with a zone whose hypothetical node — the
 * labels all its remaining candidates share, capacity the largest of them —
 * passes the scheduler's filters. Zones with fewer planned nodes of the pool
 * are tried first, so nodes spread over zones unless the pod says otherwise.
 */
export class NodeOpener {
  constructor(
    private readonly framework: SchedulingFramework,
    private readonly pools: readonly PoolState[],
  ) {}

  open(pod: PodInfo, signature: string, entry: PreFilterEntry, name: string): OpenResult {
    if (this.pools.length === 0) return { reason: 'no nodepool to launch a node from', limitedPools: [] };
    const reasons: string[] = [];
    const limitedPools: PoolLimit[] = [];
    for (const pool of this.pools) {
      const result = this.openIn(pool, pod, signature, entry, name);
      if ('node' in result) return result;
      reasons.push(result.reason);
      limitedPools.push(...result.limitedPools);
    }
    return { reason: reasons.join('; '), limitedPools };
  }

  private openIn(pool: PoolState, pod: PodInfo, signature: string, entry: PreFilterEntry, name: string): OpenResult {
    const { catalog, budget } = pool;
    const incompatible = (why: string): OpenResult => ({ reason: `incompatible with nodepool "${catalog.name}": ${why}`, limitedPools: [] });
    const limited = (reason: string): OpenResult => ({ reason, limitedPools: [{ pool: catalog.name, reason }] });
    if (catalog.empty) return incompatible("no instance type satisfies the nodepool's requirements");
    const maxNodes = budget.maxNodesReason;
    if (maxNodes !== undefined) return limited(maxNodes);
    if (entry.outcome.nodeNames !== undefined) return incompatible('the pod only fits nodes it names');
    const taint = findUntoleratedTaint(poolTaints(catalog), pod.tolerations, DO_NOT_SCHEDULE_EFFECTS);
    if (taint !== undefined) return incompatible(`did not tolerate taint ${taint.key}${taint.value === '' ? '' : `=${taint.value}`}:${taint.effect}`);
    if (pod.requests.scalar.size > 0) return incompatible(`no instance type offers ${[...pod.requests.scalar.keys()].join(', ')}`);

    const candidates = this.candidatesByZone(pool, pod, signature);
    if (candidates.allowed === 0) return incompatible("no instance type satisfies the pod's node selector and affinity");
    if (candidates.fitting === 0) return incompatible(`no instance type satisfies the pod's requests (${describeRequests(pod.requests)})`);
    if (candidates.withinLimits === 0) return limited(candidates.cpuBlocked ? budget.cpuLimitReason() : budget.memoryLimitReason());

    const rejections = new Set<string>();
    for (const z of zoneOrder(pool)) {
      for (const group of byPinnedLabels(catalog, z, candidates.byZone[z] ?? [], pinnedKeys(pod))) {
        const node = new PlannedNodeState(name, catalog, budget, z, group, labelsOf(catalog, z, group), catalog.pool.taints);
        const rejection = this.framework.runFilter(entry.state, pod, node.info, entry.outcome.filters);
        if (rejection === undefined) return { node };
        for (const reason of rejection.status.reasons) rejections.add(reason);
      }
    }
    return incompatible([...rejections].join(', ') || 'no zone fits');
  }

  /** per zone, the types (cheapest first) the pod's selectors allow, that hold it, within the pool's limits */
  private candidatesByZone(pool: PoolState, pod: PodInfo, signature: string) {
    const { catalog, budget } = pool;
    const compatible = catalog.compatibility(pod, signature);
    const { cpu, memory, pods } = catalog;
    const typeCount = catalog.types.length;
    const cpuRoom = budget.cpuRoom;
    const memoryRoom = budget.memoryRoom;
    const byZone: number[][] = [];
    let allowed = 0;
    let fitting = 0;
    let withinLimits = 0;
    let withinCpu = 0;
    for (let z = 0; z < catalog.zones.length; z++) {
      const zone: number[] = [];
      for (let t = 0; t < typeCount; t++) {
        if (catalog.offer(z, t) === undefined || (compatible !== null && compatible[z * typeCount + t] !== 1)) continue;
        allowed++;
        const c = cpu[t] ?? 0;
        const m = memory[t] ?? 0;
        if (c < pod.requests.milliCPU || m < pod.requests.memory || (pods[t] ?? 0) < 1) continue;
        fitting++;
        if (c > cpuRoom) continue;
        withinCpu++;
        if (m > memoryRoom) continue;
        withinLimits++;
        zone.push(t);
      }
      byZone.push(zone);
    }
    return { byZone, allowed, fitting, withinLimits, cpuBlocked: withinCpu === 0 };
  }
}

function poolTaints(catalog: PoolCatalog): Taint[] {
  return catalog.pool.taints.map((t) => ({ key: t.key, value: t.value ?? '', effect: t.effect }));
}

/** zones with fewer of the pool's planned nodes first, then by name */
function zoneOrder(pool: PoolState): number[] {
  return pool.catalog.zones.map((_, z) => z).sort((a, b) => (pool.nodesPerZone[a] ?? 0) - (pool.nodesPerZone[b] ?? 0) || a - b);
}

/**
 * Type-level labels the pod spreads or (anti-)attracts over: a node must
 * carry them to count in a domain, so candidates that differ in them become
 * separate nodes to try.
 */
function pinnedKeys(pod: PodInfo): string[] {
  const keys = new Set<string>();
  for (const c of pod.topologySpreadConstraints) if (c.whenUnsatisfiable === 'DoNotSchedule') keys.add(c.topologyKey);
  for (const term of pod.requiredAffinityTerms) keys.add(term.topologyKey);
  for (const term of pod.requiredAntiAffinityTerms) keys.add(term.topologyKey);
  return TYPE_LEVEL_KEYS.filter((k) => keys.has(k));
}

function byPinnedLabels(catalog: PoolCatalog, zone: number, types: readonly number[], keys: readonly string[]): number[][] {
  if (types.length === 0) return [];
  if (keys.length === 0) return [[...types]];
  const groups = new Map<string, number[]>();
  for (const t of types) {
    const labels = catalog.offer(zone, t)?.labels ?? {};
    const key = JSON.stringify(keys.map((k) => labels[k] ?? null));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t]);
    else group.push(t);
  }
  return [...groups.values()];
}

/** the zone's shared labels plus the type-level labels every candidate agrees on */
function labelsOf(catalog: PoolCatalog, zone: number, types: readonly number[]): Record<string, string> {
  const labels: Record<string, string> = { ...(catalog.zoneLabels[zone] ?? {}), [WellKnownLabels.zone]: catalog.zones[zone] ?? '' };
  const first = types[0] === undefined ? undefined : catalog.offer(zone, types[0]);
  if (first === undefined) return labels;
  for (const key of TYPE_LEVEL_KEYS) {
    const value = first.labels[key];
    if (value === undefined || labels[key] !== undefined) continue;
    if (types.every((t) => catalog.offer(zone, t)?.labels[key] === value)) labels[key] = value;
  }
  return labels;
}
