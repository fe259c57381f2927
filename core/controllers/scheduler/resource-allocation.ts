import {
  MAX_NODE_SCORE,
  SchedulingStatus,
  createStateKey,
  type CycleState,
  type NodeInfo,
  type PodInfo,
  type PreScorePlugin,
  type ResourceAmounts,
  type ScorePlugin,
} from '../../contracts/scheduling.ts';
import { isScalarResourceName } from './cache/resource-amounts.ts';

/**
 * Scoring by how a node's resources would be used with the pod on it
 * (Kubernetes' noderesources resourceAllocationScorer). A strategy turns, per
 * resource, the node's requested amount (pod included) and its allocatable
 * amount into a score from 0 to 100. The three strategies here back the
 * scheduling/spread, scheduling/binpack and scheduling/balanced plugins; the
 * scheduler uses LeastAllocated when kubernel.yaml names none.
 */
export type ResourceAllocationStrategy = (requested: readonly number[], allocatable: readonly number[], weights: readonly number[]) => number;

/** leastRequestedScore: the free share of a resource; 0 when overcommitted */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** mostRequestedScore: the used share of a resource, capped at 100 */
function mostRequested(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

function weightedAverage(score: (requested: number, capacity: number) => number): ResourceAllocationStrategy {
  return (requested, allocatable, weights) => {
    let total = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      const capacity = allocatable[i] ?? 0;
      if (capacity === 0) continue;
      const weight = weights[i] ?? 1;
      total += score(requested[i] ?? 0, capacity) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : Math.trunc(total / weightSum);
  };
}

/** LeastAllocated (Kubernetes' default): favours the emptiest nodes, spreading pods out */
export const leastAllocated: ResourceAllocationStrategy = weightedAverage(leastRequested);

/** MostAllocated: favours the fullest nodes that still fit, packing pods onto few nodes */
export const mostAllocated: ResourceAllocationStrategy = weightedAverage(mostRequested);

/**
 * BalancedAllocation: favours nodes whose resources would be used evenly:
 * 100 × (1 − the standard deviation of the used fractions). Weights do not apply.
 */
export const balancedAllocation: ResourceAllocationStrategy = (requested, allocatable) => {
  const fractions: number[] = [];
  for (let i = 0; i < requested.length; i++) {
    const capacity = allocatable[i] ?? 0;
    if (capacity === 0) continue;
    fractions.push(Math.min((requested[i] ?? 0) / capacity, 1));
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs(((fractions[0] ?? 0) - (fractions[1] ?? 0)) / 2);
  } else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((sum, f) => sum + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
};

export interface ResourceAllocationScorerOptions {
  /** the plugin name, unique among scheduling plugins */
  name: string;
  /** resource name (`cpu`, `memory`, `example.com/gpu`) → weight */
  resources: Readonly<Record<string, number>>;
  strategy: ResourceAllocationStrategy;
  /**
   * false (Least/MostAllocated): containers that request no cpu or memory
   * count as 100m and 200Mi, so best-effort pods do not all land on one node;
   * true (BalancedAllocation): requests as they are.
   */
  useRequested: boolean;
  /** do not score pods that request none of the resources (BalancedAllocation) */
  skipBestEffort?: boolean;
}

const CPU = 0;
const MEMORY = 1;
const EPHEMERAL_STORAGE = 2;
const PODS = 3;
const SCALAR = 4;

function kindOf(name: string): number {
  switch (name) {
    case 'cpu':
      return CPU;
    case 'memory':
      return MEMORY;
    case 'ephemeral-storage':
      return EPHEMERAL_STORAGE;
    case 'pods':
      return PODS;
    default:
      return SCALAR;
  }
}

function amount(amounts: ResourceAmounts, kind: number, name: string): number {
  switch (kind) {
    case CPU:
      return amounts.milliCPU;
    case MEMORY:
      return amounts.memory;
    case EPHEMERAL_STORAGE:
      return amounts.ephemeralStorage;
    case PODS:
      return amounts.allowedPodNumber;
    default:
      return amounts.scalar.get(name) ?? 0;
  }
}

/** A Score plugin for a resource allocation strategy, for plugins to contribute. */
export function createResourceAllocationScorer(options: ResourceAllocationScorerOptions): PreScorePlugin & ScorePlugin {
  const names = Object.keys(options.resources);
  if (names.length === 0) throw new Error(`${options.name}: resources must name at least one resource`);
  const weights = names.map((n) => options.resources[n] ?? 1);
  const kinds = names.map(kindOf);
  const scalar = names.map(isScalarResourceName);
  const podRequestsKey = createStateKey<number[]>(`PreScore${options.name}`);
  const { strategy, useRequested } = options;
  // Score runs once per node for each pod, synchronously: the pod's requests are
  // looked up once per cycle and the arrays handed to the strategy are reused.
  const requested = names.map(() => 0);
  const allocatable = names.map(() => 0);
  let lastState: CycleState | undefined;
  let lastRequests: number[] = [];

  const podRequestsOf = (pod: PodInfo): number[] => names.map((n, i) => amount(useRequested ? pod.requests : pod.nonZeroRequests, kinds[i] ?? SCALAR, n));

  return {
    name: options.name,
    preScore(state: CycleState, pod: PodInfo): SchedulingStatus {
      const podRequests = podRequestsOf(pod);
      if (options.skipBestEffort === true && podRequests.every((r) => r === 0)) return SchedulingStatus.skip;
      state.write(podRequestsKey, podRequests);
      return SchedulingStatus.success;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
      if (state !== lastState) {
        lastState = state;
        lastRequests = state.read(podRequestsKey) ?? podRequestsOf(pod);
      }
      const used = useRequested ? node.requested : node.nonZeroRequested;
      const free = node.allocatable;
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[i] ?? SCALAR;
        const name = names[i] ?? '';
        const podRequest = lastRequests[i] ?? 0;
        // An extended resource the pod does not ask for plays no part in its score.
        if (podRequest === 0 && scalar[i] === true) {
          requested[i] = 0;
          allocatable[i] = 0;
          continue;
        }
        allocatable[i] = amount(free, kind, name);
        requested[i] = amount(used, kind, name) + podRequest;
      }
      return strategy(requested, allocatable, weights);
    },
  };
}

/** What the scheduler scores with when kubernel.yaml names no scheduling strategy: LeastAllocated on cpu and memory. */
export function defaultResourceScorer(): PreScorePlugin & ScorePlugin {
  return createResourceAllocationScorer({ name: 'NodeResourcesLeastAllocated', resources: { cpu: 1, memory: 1 }, strategy: leastAllocated, useRequested: false });
}
