/**
 * The scheduling extension point, shaped like the Kubernetes scheduler
 * framework (kube-scheduler/framework/interface.go): a base plugin with a
 * name, one small interface per extension point, a closed set of status codes
 * and per-cycle state. The scheduler (core/controllers/scheduler) is the only
 * caller; plugins contribute through `schedulingPlugins`.
 *
 * One scheduling cycle, for one pod: PreFilter → Filter (per node) →
 * PostFilter (only when no node fits) → PreScore → Score (per feasible node)
 * → NormalizeScore → Reserve; then, asynchronously, Bind. Everything up to
 * Reserve runs synchronously against the live node infos, so a plugin never
 * sees them change within a cycle; it must not keep state between pods other
 * than its configuration (per-pod data goes into the CycleState).
 */
import { createExtensionPoint, type ExtensionPoint } from '../kernel/plugin.ts';
import type { NodeInfo, PodInfo } from './scheduling-info.ts';

export type * from './scheduling-info.ts';

/** The highest score a Score plugin gives after normalisation (framework.MaxNodeScore). */
export const MAX_NODE_SCORE = 100;

/**
 * What a plugin's verdict means for the pod:
 * - `Success`: go on.
 * - `Unschedulable`: not here now; another pod's removal (preemption, deletion) could change that.
 * - `UnschedulableAndUnresolvable`: not here, and removing pods would not help (labels, taints).
 * - `Error`: the plugin failed; the pod is retried with backoff and nothing is reported as unschedulable.
 * - `Skip`: from PreFilter or PreScore: this plugin has nothing to do for this pod; its Filter
 *   or Score is not called in this cycle. From Bind: let the next bind plugin bind.
 */
export type SchedulingCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip';

export interface SchedulingStatus {
  readonly code: SchedulingCode;
  /** what users read, counted per node in "0/5 nodes are available: 3 Insufficient cpu." */
  readonly reasons: readonly string[];
}

const SUCCESS: SchedulingStatus = Object.freeze({ code: 'Success', reasons: [] });
const SKIP: SchedulingStatus = Object.freeze({ code: 'Skip', reasons: [] });

/** Status constructors; success and skip are shared constants, so returning them allocates nothing. */
export const SchedulingStatus = {
  success: SUCCESS,
  skip: SKIP,
  unschedulable: (...reasons: string[]): SchedulingStatus => Object.freeze({ code: 'Unschedulable', reasons }),
  unresolvable: (...reasons: string[]): SchedulingStatus => Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons }),
  error: (message: string): SchedulingStatus => Object.freeze({ code: 'Error', reasons: [message] }),
  isSuccess: (status: SchedulingStatus): boolean => status.code === 'Success',
  /** Unschedulable or UnschedulableAndUnresolvable: the node (or pod) was turned down, not failed */
  isRejected: (status: SchedulingStatus): boolean => status.code === 'Unschedulable' || status.code === 'UnschedulableAndUnresolvable',
} as const;

/** A typed key into the CycleState, so plugins share no string tokens. */
export interface StateKey<T> {
  readonly name: string;
  /** never set; carries T for the type checker only */
  readonly type?: T;
}

export function createStateKey<T>(name: string): StateKey<T> {
  return { name };
}

/** Data one plugin computes for one pod in one cycle (PreFilter → Filter, PreScore → Score). */
export class CycleState {
  private readonly data = new Map<StateKey<unknown>, unknown>();

  read<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }
}

/**
 * Cluster changes that can make an unschedulable pod schedulable. A plugin
 * that rejected a pod lists the changes that could undo its verdict; the queue
 * retries the pod only on those (Kubernetes' EnqueueExtensions). A plugin that
 * lists none is assumed to care about every change.
 */
export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeAllocatableChange'
  | 'NodeLabelChange'
  | 'NodeTaintChange'
  | 'NodeSpecUnschedulableChange'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete';

export interface SchedulingPlugin {
  /** unique among the scheduler's plugins, e.g. `NodeResourcesFit` */
  readonly name: string;
  /** the cluster changes that may undo a rejection by this plugin */
  readonly events?: readonly ClusterEvent[];
}

/** Narrows the nodes to look at; nodes outside it are reported as rejected by this plugin. */
export interface PreFilterResult {
  readonly nodeNames: ReadonlySet<string>;
}

export interface PreFilterPlugin extends SchedulingPlugin {
  /** once per cycle before Filter; `nodes` are all schedulable nodes. Skip disables this plugin's Filter */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SchedulingStatus | PreFilterResult;
  /**
   * PreFilterExtensions.AddPod: update what preFilter wrote into `state` for
   * `pod` as if `added` now ran on `node` (already counted in `node`), so a
   * simulation placing many pods (the provisioner) need not run PreFilter
   * again. Plugins whose state does not depend on the pods of the cluster
   * leave it out.
   */
  addPod?(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void;
}

export interface FilterPlugin extends SchedulingPlugin {
  /** whether `pod` can run on `node`; called for many nodes, so it must be cheap */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus;
  /**
   * Optional: the positions in `nodes`, ascending, of the only nodes `filter`
   * can pass for `pod`, whatever the cycle's state; it rejects every other.
   * The scheduler then filters those alone, with the same outcome as
   * filtering all (a label selector that 200 of 1,000 nodes match spares
   * 800 calls per pod). A `nodes` array is never changed once passed, so
   * answers may be kept by its identity. Undefined: no narrowing.
   */
  candidates?(pod: PodInfo, nodes: readonly NodeInfo[]): Int32Array | undefined;
}

export interface PostFilterPlugin extends SchedulingPlugin {
  /**
   * Called when no node fits, with each node's rejection. Success means the
   * plugin made room (e.g. preemption) and the pod should be retried; the
   * reasons of any other status are appended to the FailedScheduling message.
   */
  postFilter(state: CycleState, pod: PodInfo, rejections: ReadonlyMap<string, SchedulingStatus>): SchedulingStatus;
}

export interface PreScorePlugin extends SchedulingPlugin {
  /** once per cycle with the feasible nodes; Skip disables this plugin's Score */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SchedulingStatus;
}

export interface NodeScore {
  readonly node: NodeInfo;
  score: number;
}

export interface ScorePlugin extends SchedulingPlugin {
  /** a raw score; after `normalizeScores` (if any) it must be within 0..MAX_NODE_SCORE */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** rescales the raw scores of all feasible nodes in place */
  normalizeScores?(state: CycleState, pod: PodInfo, scores: NodeScore[]): void;
}

export interface ReservePlugin extends SchedulingPlugin {
  /** the pod is about to be bound to `nodeName`; a failure un-reserves and retries the pod */
  reserve(state: CycleState, pod: PodInfo, nodeName: string): SchedulingStatus;
  /** undoes `reserve` when a later step fails; must be idempotent */
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface BindPlugin extends SchedulingPlugin {
  /** binds asynchronously; Skip lets the next bind plugin (finally the built-in pods/binding) do it */
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<SchedulingStatus>;
}

/** A plugin object implementing one or more of the extension points above. */
export type AnySchedulingPlugin = SchedulingPlugin | PreFilterPlugin | FilterPlugin | PostFilterPlugin | PreScorePlugin | ScorePlugin | ReservePlugin | BindPlugin;

/** What a plugin contributes: one plugin object implementing any of the interfaces above. */
export interface SchedulingPluginContribution {
  plugin: AnySchedulingPlugin;
  /** multiplies the normalised score of a Score plugin; 1 when absent */
  weight?: number;
  /**
   * Ask the scheduler to search nodes from the first one every time instead
   * of from where the last search stopped (Kubernetes' rotation). With more
   * nodes than the scheduler looks at per pod, rotation shows each pod other
   * nodes, which evens out load but defeats bin packing; a stable order fills
   * the same nodes first.
   */
  searchFromFirstNode?: boolean;
}

/** Scheduling plugins contributed by kernel plugins (`scheduling/binpack`, ...), in load order. */
export const schedulingPlugins: ExtensionPoint<SchedulingPluginContribution> = createExtensionPoint<SchedulingPluginContribution>('scheduling-plugins');
