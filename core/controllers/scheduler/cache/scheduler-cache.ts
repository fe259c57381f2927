import type { KubeObject } from '../../../api/types/meta.ts';
import type { ClusterEvent, NodeInfo, PodInfo } from '../../../contracts/scheduling.ts';
import { hasAnyAffinity } from './pod-info.ts';
import { MutableNodeInfo, sameStringMap } from './node-info.ts';
import { zoneInterleaved } from './node-order.ts';
import { jsonEqual } from '../../../api/types/json-equal.ts';

interface PodState {
  info: PodInfo;
  nodeName: string;
  /** placed by this scheduler, binding not yet seen through the informer */
  assumed: boolean;
}

/**
 * The scheduler's picture of the cluster (Kubernetes' scheduler cache): node
 * infos built from the Node and Pod informers, plus "assumed" pods that the
 * scheduler placed and is still binding. Assumed pods count at once, so pods
 * scheduled back to back never overcommit a node; when the informer delivers
 * the bound pod the assumption is confirmed, and a failed binding forgets it.
 *
 * Plugins read the live node infos: a scheduling cycle runs synchronously, so
 * nothing changes under it, and no snapshot needs copying.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, MutableNodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private ordered: MutableNodeInfo[] = [];
  private orderDirty = true;
  private podsWithAffinity = 0;
  private podsWithRequiredAntiAffinity = 0;
  private nodesWithPreferNoSchedule = 0;

  /** nodes that exist, in Kubernetes' node-tree order: zones taken in turn */
  nodeList(): readonly NodeInfo[] {
    if (this.orderDirty) {
      this.ordered = zoneInterleaved([...this.nodes.values()].filter((n) => n.hasNode));
      this.orderDirty = false;
    }
    return this.ordered;
  }

  node(name: string): NodeInfo | undefined {
    const info = this.nodes.get(name);
    return info?.hasNode === true ? info : undefined;
  }

  get nodeCount(): number {
    return this.nodeList().length;
  }

  /** whether any pod in the cluster has pod affinity or anti-affinity terms (preferred or required) */
  get anyPodWithAffinity(): boolean {
    return this.podsWithAffinity > 0;
  }

  get anyPodWithRequiredAntiAffinity(): boolean {
    return this.podsWithRequiredAntiAffinity > 0;
  }

  get anyNodeWithPreferNoScheduleTaint(): boolean {
    return this.nodesWithPreferNoSchedule > 0;
  }

  /** adds or updates a Node; returns the changes that may let waiting pods fit */
  setNode(node: KubeObject): ClusterEvent[] {
    const name = node.metadata.name ?? '';
    let info = this.nodes.get(name);
    if (info === undefined) {
      info = new MutableNodeInfo(name);
      this.nodes.set(name, info);
    }
    const existed = info.hasNode;
    const before = { allocatable: info.allocatable, labels: info.labels, taints: info.taints, unschedulable: info.unschedulable };
    if (existed) this.nodesWithPreferNoSchedule -= hasPreferNoSchedule(info) ? 1 : 0;
    info.setNode(node);
    this.nodesWithPreferNoSchedule += hasPreferNoSchedule(info) ? 1 : 0;
    if (!existed) {
      this.orderDirty = true;
      return ['NodeAdd'];
    }
    const events: ClusterEvent[] = [];
    if (info.allocatable !== before.allocatable) events.push('NodeAllocatableChange');
    if (!sameStringMap(info.labels, before.labels)) {
      events.push('NodeLabelChange');
      this.orderDirty = true;
    }
    if (!jsonEqual(info.taints, before.taints)) events.push('NodeTaintChange');
    if (info.unschedulable !== before.unschedulable) events.push('NodeSpecUnschedulableChange');
    return events;
  }

  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (info === undefined || !info.hasNode) return;
    this.nodesWithPreferNoSchedule -= hasPreferNoSchedule(info) ? 1 : 0;
    // Pods still bound to it keep their NodeInfo until they are deleted too.
    if (info.pods.length === 0) this.nodes.delete(name);
    else info.clearNode();
    this.orderDirty = true;
  }

  /** an assigned pod as the informer reports it; confirms an assumption */
  setPod(info: PodInfo): void {
    this.removePod(info.key);
    this.place(info, info.nodeName, false);
  }

  removePod(key: string): PodInfo | undefined {
    const state = this.podStates.get(key);
    if (state === undefined) return undefined;
    this.podStates.delete(key);
    const node = this.nodes.get(state.nodeName);
    node?.removePod(key);
    if (node !== undefined && !node.hasNode && node.pods.length === 0) this.nodes.delete(state.nodeName);
    if (hasAnyAffinity(state.info)) this.podsWithAffinity--;
    if (state.info.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity--;
    return state.info;
  }

  /** counts `info` on `nodeName` before the binding is observed */
  assumePod(info: PodInfo, nodeName: string): void {
    this.removePod(info.key);
    this.place(info, nodeName, true);
  }

  /** drops an assumption whose binding failed; a confirmed pod stays */
  forgetPod(key: string): void {
    if (this.podStates.get(key)?.assumed === true) this.removePod(key);
  }

  isAssumed(key: string): boolean {
    return this.podStates.get(key)?.assumed === true;
  }

  /** the view held of the pod `key`, assumed or confirmed */
  podInfo(key: string): PodInfo | undefined {
    return this.podStates.get(key)?.info;
  }

  hasPod(key: string): boolean {
    return this.podStates.has(key);
  }

  get podCount(): number {
    return this.podStates.size;
  }

  private place(info: PodInfo, nodeName: string, assumed: boolean): void {
    let node = this.nodes.get(nodeName);
    if (node === undefined) {
      node = new MutableNodeInfo(nodeName);
      this.nodes.set(nodeName, node);
    }
    node.addPod(info);
    this.podStates.set(info.key, { info, nodeName, assumed });
    if (hasAnyAffinity(info)) this.podsWithAffinity++;
    if (info.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity++;
  }
}

function hasPreferNoSchedule(info: MutableNodeInfo): boolean {
  return info.hasNode && info.taints.some((t) => t.effect === 'PreferNoSchedule');
}
