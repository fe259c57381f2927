/**
 * Zone health (handleDisruption of Kubernetes' node lifecycle controller):
 * when a whole zone, or the whole cluster, stops answering, the likelier
 * cause is the control plane's own network, not every node at once, so
 * evictions slow down or stop instead of emptying the cluster.
 */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

export interface ZoneThresholds {
  unhealthyZoneThreshold: number;
  largeClusterSizeThreshold: number;
  nodeEvictionRate: number;
  secondaryNodeEvictionRate: number;
}

/** ComputeZoneState: a node without a Ready condition counts as not ready. */
export function computeZoneState(readyStatuses: readonly (string | undefined)[], unhealthyZoneThreshold: number): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const status of readyStatuses) {
    if (status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyZoneThreshold) return { notReady, state: 'PartialDisruption' };
  return { notReady, state: 'Normal' };
}

/** setLimiterInZone: the NoExecute tainting rate (nodes per second) a zone in `state` gets. */
export function evictionRateFor(state: ZoneState, zoneSize: number, thresholds: ZoneThresholds): number {
  switch (state) {
    case 'PartialDisruption':
      // ReducedQPSFunc: a small cluster in trouble stops evicting altogether.
      return zoneSize > thresholds.largeClusterSizeThreshold ? thresholds.secondaryNodeEvictionRate : 0;
    case 'Initial':
    case 'Normal':
    case 'FullDisruption':
      return thresholds.nodeEvictionRate;
  }
}

export type DisruptionPlan =
  /** every zone is fully disrupted now: remove every NoExecute taint and stop tainting */
  | { kind: 'enterFullDisruption'; states: Map<string, ZoneState> }
  /** some node answers again after a full disruption: give every node a fresh grace period, then the zones' own rates */
  | { kind: 'exitFullDisruption'; states: Map<string, ZoneState>; rates: Map<string, number> }
  /** zones whose state changed get their state's rate */
  | { kind: 'update'; states: Map<string, ZoneState>; rates: Map<string, number> };

/**
 * The zone states after a pass, from the previous states and each zone's
 * Ready statuses (nodes excluded from disruption checks left out).
 */
export function planDisruption(previous: ReadonlyMap<string, ZoneState>, zones: ReadonlyMap<string, readonly (string | undefined)[]>, thresholds: ZoneThresholds): DisruptionPlan {
  const computed = new Map<string, ZoneState>();
  let allAreFullyDisrupted = true;
  for (const [zone, statuses] of zones) {
    const { state } = computeZoneState(statuses, thresholds.unhealthyZoneThreshold);
    if (state !== 'FullDisruption') allAreFullyDisrupted = false;
    computed.set(zone, state);
  }
  // Zones with no node left are forgotten; a new zone starts Initial.
  const states = new Map<string, ZoneState>();
  for (const [zone, state] of previous) if (zones.has(zone)) states.set(zone, state);
  for (const zone of zones.keys()) if (!states.has(zone)) states.set(zone, 'Initial');
  let allWereFullyDisrupted = true;
  for (const state of states.values()) if (state !== 'FullDisruption') allWereFullyDisrupted = false;

  const rateOf = (zone: string, state: ZoneState): number => evictionRateFor(state, zones.get(zone)?.length ?? 0, thresholds);
  if (allAreFullyDisrupted && allWereFullyDisrupted) return { kind: 'update', states, rates: new Map() };
  if (allAreFullyDisrupted) return { kind: 'enterFullDisruption', states: new Map([...states.keys()].map((zone) => [zone, 'FullDisruption'])) };
  if (allWereFullyDisrupted) {
    const rates = new Map([...computed].map(([zone, state]) => [zone, rateOf(zone, state)]));
    return { kind: 'exitFullDisruption', states: computed, rates };
  }
  const rates = new Map<string, number>();
  for (const [zone, state] of states) {
    const next = computed.get(zone) ?? state;
    if (next === state) continue;
    rates.set(zone, rateOf(zone, next));
    states.set(zone, next);
  }
  return { kind: 'update', states, rates };
}
