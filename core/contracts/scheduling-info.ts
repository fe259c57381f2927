/**
 * The scheduler's parsed views of pods and nodes that scheduling plugins read
 * (part of the contract in scheduling.ts). Quantities are parsed once when an
 * object arrives, selectors once per pod, so that Filter and Score, which run
 * for thousands of nodes per pod, only compare numbers and strings.
 * Everything here is read-only to plugins; the scheduler keeps it current.
 */
import type { ParsedLabelSelector } from '../api/selectors/label-selector.ts';
import type { KubeObject } from '../api/types/meta.ts';

/** Amounts of compute resources (framework.Resource): cpu in millicores, the rest in units (bytes, counts). */
export interface ResourceAmounts {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** the `pods` resource: allocatable pod slots of a node (0 in requests) */
  readonly allowedPodNumber: number;
  /** extended resources, hugepages and other named resources, by resource name */
  readonly scalar: ReadonlyMap<string, number>;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

export interface Toleration {
  /** '' with operator Exists tolerates every taint */
  readonly key: string;
  /** '' means Equal */
  readonly operator: 'Equal' | 'Exists' | '';
  readonly value: string;
  /** '' tolerates every effect */
  readonly effect: TaintEffect | '';
}

/** A host port a pod's container asks for, sanitised as Kubernetes does (ip 0.0.0.0, protocol TCP by default). */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

export type NodeSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: NodeSelectorOperator;
  readonly values: readonly string[];
}

/** Requirements that must all hold; matchFields only knows `metadata.name`. */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
  readonly matchFields: readonly NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

/** A pod affinity term with its selectors parsed (framework.AffinityTerm). */
export interface AffinityTerm {
  /** namespaces named by the term, or the pod's own when it names none and has no namespaceSelector */
  readonly namespaces: ReadonlySet<string>;
  /** null selects no namespace (no namespaceSelector); [] selects every namespace */
  readonly namespaceSelector: ParsedLabelSelector | null;
  /** null selects no pod; matchLabelKeys and mismatchLabelKeys are already merged in */
  readonly selector: ParsedLabelSelector | null;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** matchLabelKeys already merged in; null selects no pod */
  readonly selector: ParsedLabelSelector | null;
  /** 1 when unset */
  readonly minDomains: number;
  /** Honor by default: only nodes matching the pod's node affinity and selector count */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore by default: nodes with taints the pod does not tolerate still count */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** A pod as the scheduler sees it (framework.PodInfo): parsed once per version of the pod. */
export interface PodInfo {
  /** the object itself, shared with informer caches: never mutate */
  readonly pod: KubeObject;
  /** `namespace/name` */
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** spec.priority, 0 when unset */
  readonly priority: number;
  /** spec.nodeName, '' while unscheduled */
  readonly nodeName: string;
  /** metadata.deletionTimestamp is set */
  readonly terminating: boolean;
  /** what the pod needs, as resourcehelper.PodRequests computes it (init containers, sidecars, overhead) */
  readonly requests: ResourceAmounts;
  /** the same, with 100m cpu and 200Mi memory for containers that request none: what spreading scores use */
  readonly nonZeroRequests: ResourceAmounts;
  readonly hostPorts: readonly HostPort[];
  readonly tolerations: readonly Toleration[];
  /** spec.nodeSelector, undefined when absent */
  readonly nodeSelector: Readonly<Record<string, string>> | undefined;
  /** required node affinity terms (ORed), undefined when absent */
  readonly requiredNodeAffinity: readonly NodeSelectorTerm[] | undefined;
  readonly preferredNodeAffinity: readonly PreferredSchedulingTerm[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
}

/** The host ports in use on a node (framework.HostPortInfo). */
export interface HostPortUsage {
  /** whether `port` clashes with one in use: same protocol and port, and the same ip or either is 0.0.0.0 */
  conflicts(port: HostPort): boolean;
}

/** A node with what is placed on it (framework.NodeInfo), including pods assumed but not yet bound. */
export interface NodeInfo {
  readonly name: string;
  readonly node: KubeObject;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** spec.unschedulable (cordoned) */
  readonly unschedulable: boolean;
  /** status.allocatable */
  readonly allocatable: ResourceAmounts;
  /** the sum of the requests of the pods on it */
  readonly requested: ResourceAmounts;
  /** the sum of their non-zero requests (see PodInfo.nonZeroRequests) */
  readonly nonZeroRequested: ResourceAmounts;
  readonly pods: readonly PodInfo[];
  /** pods on it with any pod affinity or anti-affinity */
  readonly podsWithAffinity: readonly PodInfo[];
  readonly podsWithRequiredAntiAffinity: readonly PodInfo[];
  readonly usedPorts: HostPortUsage;
  /** changes whenever anything above changes */
  readonly generation: number;
}
