/**
 * The shapes of kubernel.dev/v1alpha1 NodePool and NodeClaim as controllers
 * read them once the API server has defaulted and validated them. Field
 * names follow Karpenter's karpenter.sh/v1 NodePool and NodeClaim where they
 * mean the same, so Karpenter users recognise them; `provider`, `options`,
 * `min` and `max` are Kubernel's (a pool names its node-provider plugin).
 *
 * The API server guarantees what validation.ts (and ../nodeclaim/validation.ts)
 * check: names are also label values (at most 63 characters), quantities are
 * stored as strings, Gt/Lt requirements carry one integer, and fields not
 * declared here are dropped on write, as from a structural custom resource
 * (their OpenAPI model is core/api/schema/kubernel-kinds.ts: add a field there too).
 */
import type { KubeObject } from '../../types/meta.ts';

export const NODE_POOL_API_VERSION = 'kubernel.dev/v1alpha1';

/** Well-known labels the provisioner matches requirements against and puts on every node it launches. */
export const WellKnownLabels = {
  instanceType: 'node.kubernetes.io/instance-type',
  zone: 'topology.kubernetes.io/zone',
  arch: 'kubernetes.io/arch',
  os: 'kubernetes.io/os',
  hostname: 'kubernetes.io/hostname',
  /** on-demand | spot (Karpenter: karpenter.sh/capacity-type) */
  capacityType: 'kubernel.dev/capacity-type',
  /** the part of the instance type's name before the size: m6i of m6i.large, e2-standard of e2-standard-4 */
  instanceFamily: 'kubernel.dev/instance-family',
  /** the pool a node belongs to (same as NodePoolLabels.pool) */
  nodePool: 'kubernel.dev/node-pool',
  /** the NodeClaim a node was launched for */
  nodeClaim: 'kubernel.dev/node-claim',
} as const;

/** How many pods the provisioner packed onto a NodeClaim (the lifecycle's Launched message says so); absent when it did not say. */
export const PODS_ANNOTATION = 'kubernel.dev/pods';

export type RequirementOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** A node selector requirement (core/v1 NodeSelectorRequirement) over the well-known labels or the pool's own. */
export interface NodeRequirement {
  key: string;
  operator: RequirementOperator;
  values?: string[];
}

export interface NodePoolTaint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export type ConsolidationPolicy = 'WhenEmpty' | 'WhenEmptyOrUnderutilized';

/** At most `nodes` (a count, or a percentage of the pool's nodes: "10%") disrupted at once. */
export interface DisruptionBudget {
  nodes: string;
}

export interface NodePoolSpec {
  /** the node-provider plugin (`local`, `aws`, `gcp`, `simulated`, or an out-of-tree one) */
  provider: string;
  /** the provider's options, validated by its optionsSchema */
  options?: Record<string, unknown>;
  template?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: {
      requirements?: NodeRequirement[];
      taints?: NodePoolTaint[];
    };
  };
  /** totals over the pool's nodes (capacity): launching stops at them */
  limits?: { cpu?: string; memory?: string };
  /** nodes the pool keeps at least / never exceeds (both >= 0, min <= max) */
  min?: number;
  max?: number;
  /** 1-100, higher first when several pools could take a pod (Karpenter's weight); unset by default */
  weight?: number;
  disruption?: {
    /** default WhenEmptyOrUnderutilized */
    consolidationPolicy?: ConsolidationPolicy;
    /** a Go duration ("30s", "1m30s") or "Never"; default "0s". Read it with consolidateAfterMs (duration.ts). */
    consolidateAfter?: string;
    /** default [{ nodes: "10%" }] */
    budgets?: DisruptionBudget[];
  };
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface NodePoolStatus {
  /** capacity totals of the pool's nodes: cpu, memory, pods, nodes */
  resources?: Record<string, string>;
  conditions?: Condition[];
}

export interface NodePoolObject extends KubeObject {
  spec: NodePoolSpec;
  status?: NodePoolStatus;
}

/** Immutable once the claim is created: updates that change it are refused. */
export interface NodeClaimSpec {
  /** includes node.kubernetes.io/instance-type In [the candidate types, cheapest first] */
  requirements: NodeRequirement[];
  /** what the pods the provisioner packed onto it request */
  resources?: { requests?: Record<string, string> };
  taints?: NodePoolTaint[];
  /** how long draining may wait before the machine goes anyway (a Go duration); unset: wait */
  terminationGracePeriod?: string;
}

/** Launched → Registered → Initialized → Ready, as Karpenter's NodeClaim conditions. */
export type NodeClaimConditionType = 'Launched' | 'Registered' | 'Initialized' | 'Ready' | 'Empty' | 'Consolidatable' | 'Disrupting';

export interface NodeClaimStatus {
  providerID?: string;
  nodeName?: string;
  /** the instance type, zone and capacity type it launched as (also labels of the claim) */
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  conditions?: Condition[];
}

export interface NodeClaimObject extends KubeObject {
  spec: NodeClaimSpec;
  status?: NodeClaimStatus;
}
