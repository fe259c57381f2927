/**
 * What the provisioner's planner reads and decides. The planner is a pure
 * function of these: the provisioner gathers them from its informers and
 * the providers, and turns the plan into NodeClaims and nominations.
 */
import type { NodeRequirement, NodePoolTaint } from '../../../api/kinds/nodepool/types.ts';
import type { CapacityType, InstanceType } from '../../../contracts/node-provider.ts';
import type { NodeInfo, PodInfo } from '../../../contracts/scheduling.ts';
import type { SchedulingFramework } from '../../scheduler/framework.ts';

/** A node pool as the planner sees it: its template, its limits and what its nodes already use. */
export interface PoolInput {
  name: string;
  /** higher first; ties by name (Karpenter's weight) */
  weight: number;
  requirements: readonly NodeRequirement[];
  /** template.metadata.labels: every node of the pool carries them */
  labels: Readonly<Record<string, string>>;
  taints: readonly NodePoolTaint[];
  /** totals over the pool's nodes; undefined: no limit */
  limits: { cpuMillis?: number; memoryBytes?: number };
  /** undefined: no maximum */
  maxNodes?: number;
  /** the pool's nodes and still-launching claims: count and capacity totals */
  usage: { nodes: number; cpuMillis: number; memoryBytes: number };
  /** what the pool's provider can launch */
  instanceTypes: readonly InstanceType[];
}

/** A NodeClaim launched (or launching) whose Node has not registered yet. */
export interface LaunchingNode {
  /** the NodeClaim's name */
  name: string;
  pool: string;
  /** its candidate types; once it launched, the one it runs as */
  instanceTypes: readonly InstanceType[];
  /** undefined while any zone the types offer may still be picked */
  zone?: string;
  /** the pods the provisioner already nominated to it */
  pods: readonly PodInfo[];
}

export interface ProvisioningInput {
  /** the pods to place, in any order */
  pods: readonly PodInfo[];
  /** the cluster's nodes with the pods bound (or assumed) on them; never modified */
  nodes: readonly NodeInfo[];
  launching: readonly LaunchingNode[];
  pools: readonly PoolInput[];
  /** the scheduler's plugins, best built with createPlanningFramework (see planning-framework.ts) */
  framework: SchedulingFramework;
}

/** A node the plan launches. */
export interface PlannedNode {
  /** a placeholder (`plan-0`, `plan-1`, ...), unique within the plan; the NodeClaim gets its own name */
  name: string;
  pool: string;
  /** every remaining candidate that holds the pods, cheapest first (at most MAX_INSTANCE_TYPES): the first is launched, the rest are fallbacks */
  instanceTypes: InstanceType[];
  zone: string;
  /** the capacity type of the first candidate */
  capacityType: CapacityType;
  /** the capacity types among the candidates, in candidate order */
  capacityTypes: CapacityType[];
  pods: PodInfo[];
  /** what the pods request together */
  requests: { cpuMillis: number; memoryBytes: number; pods: number };
}

/** A pool held back by its limits or its max: `nodepool "burst" reached its max of 3 nodes`. */
export interface PoolLimit {
  pool: string;
  reason: string;
}

export interface ProvisioningPlan {
  /** pods that fit on a node that exists */
  existing: { pod: PodInfo; nodeName: string }[];
  /** pods that fit on a node still launching */
  launching: { pod: PodInfo; claimName: string }[];
  newNodes: PlannedNode[];
  /** `limitedPools`: the pools that could take the pod but for their limits or max, and which (the provisioner tells them so) */
  unschedulable: { pod: PodInfo; reason: string; limitedPools: PoolLimit[] }[];
}
