import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { HostPort, HostPortUsage, NodeInfo, PodInfo, ResourceAmounts, Taint } from '../../../contracts/scheduling.ts';
import { hasAnyAffinity, taintEffect } from './pod-info.ts';
import { MutableResourceAmounts, resourceListToAmounts } from './resource-amounts.ts';

let lastGeneration = 0;
const nextGeneration = (): number => ++lastGeneration;

/** framework.HostPortInfo: ip → "protocol/port" → how many pods hold it. */
export class HostPorts implements HostPortUsage {
  private readonly byIp = new Map<string, Map<string, number>>();

  add(port: HostPort, delta: 1 | -1): void {
    let ports = this.byIp.get(port.ip);
    if (ports === undefined) {
      ports = new Map();
      this.byIp.set(port.ip, ports);
    }
    const key = `${port.protocol}/${port.port}`;
    const count = (ports.get(key) ?? 0) + delta;
    if (count > 0) ports.set(key, count);
    else ports.delete(key);
    if (ports.size === 0) this.byIp.delete(port.ip);
  }

  conflicts(port: HostPort): boolean {
    if (port.port <= 0) return false;
    const key = `${port.protocol}/${port.port}`;
    // 0.0.0.0 clashes with the port on any address; a specific address only with itself and 0.0.0.0.
    if (port.ip === '0.0.0.0') {
      for (const ports of this.byIp.values()) if (ports.has(key)) return true;
      return false;
    }
    return (this.byIp.get('0.0.0.0')?.has(key) ?? false) || (this.byIp.get(port.ip)?.has(key) ?? false);
  }
}

/** Shared by every node without taints, so filters checking for none touch one object, not one per node. */
const NO_TAINTS: readonly Taint[] = Object.freeze([]);

function taintsOf(node: KubeObject): readonly Taint[] {
  const spec = node['spec'];
  const raw = isRecord(spec) && Array.isArray(spec['taints']) ? spec['taints'] : [];
  if (raw.length === 0) return NO_TAINTS;
  const out: Taint[] = [];
  for (const t of raw) {
    if (!isRecord(t)) continue;
    const effect = taintEffect(t['effect']);
    if (effect === undefined || typeof t['key'] !== 'string') continue;
    out.push({ key: t['key'], value: typeof t['value'] === 'string' ? t['value'] : '', effect });
  }
  return out;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The scheduler cache's NodeInfo: the node's parsed fields plus the pods on
 * it and their summed requests, updated in place as pods are added,
 * assumed, bound and removed. A NodeInfo can exist before its Node does (a
 * pod bound to a node the informer has not delivered yet); it is not offered
 * to plugins until the Node arrives.
 */
export class MutableNodeInfo implements NodeInfo {
  node: KubeObject;
  hasNode = false;
  labels: Readonly<Record<string, string>> = NO_LABELS;
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  allocatable: ResourceAmounts = new MutableResourceAmounts();
  readonly requested = new MutableResourceAmounts();
  readonly nonZeroRequested = new MutableResourceAmounts();
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  readonly usedPorts = new HostPorts();
  generation = nextGeneration();
  /** each pod's place in `pods`: a pod's every status write removes and adds it, on nodes of a hundred pods */
  private readonly podSlots = new Map<string, number>();

  constructor(readonly name: string) {
    this.node = { apiVersion: 'v1', kind: 'Node', metadata: { name } };
  }

  /** takes the Node object's scheduling fields; allocatable is re-parsed only when it changed */
  setNode(node: KubeObject): void {
    const status = node['status'];
    const spec = node['spec'];
    const allocatable = isRecord(status) ? status['allocatable'] : undefined;
    const previous = this.node['status'];
    const previousAllocatable = this.hasNode && isRecord(previous) ? previous['allocatable'] : undefined;
    if (!this.hasNode || !sameStringMap(allocatable, previousAllocatable)) this.allocatable = resourceListToAmounts(allocatable);
    this.node = node;
    this.hasNode = true;
    this.labels = node.metadata.labels ?? NO_LABELS;
    this.taints = taintsOf(node);
    this.unschedulable = isRecord(spec) && spec['unschedulable'] === true;
    this.generation = nextGeneration();
  }

  clearNode(): void {
    this.hasNode = false;
    this.generation = nextGeneration();
  }

  addPod(pod: PodInfo): void {
    this.podSlots.set(pod.key, this.pods.length);
    this.pods.push(pod);
    if (hasAnyAffinity(pod)) this.podsWithAffinity.push(pod);
    if (pod.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(pod);
    this.requested.add(pod.requests);
    this.nonZeroRequested.add(pod.nonZeroRequests);
    for (const port of pod.hostPorts) this.usedPorts.add(port, 1);
    this.generation = nextGeneration();
  }

  /** removes the pod with this key; returns whether it was here */
  removePod(key: string): boolean {
    const slot = this.podSlots.get(key);
    const pod = slot === undefined ? undefined : this.pods[slot];
    if (slot === undefined || pod === undefined) return false;
    // As NodeInfo.RemovePod: the last pod takes the removed one's place, the order of pods means nothing.
    const last = this.pods.pop();
    if (last !== undefined && slot < this.pods.length) {
      this.pods[slot] = last;
      this.podSlots.set(last.key, slot);
    }
    this.podSlots.delete(key);
    if (hasAnyAffinity(pod)) removeByKey(this.podsWithAffinity, key);
    if (pod.requiredAntiAffinityTerms.length > 0) removeByKey(this.podsWithRequiredAntiAffinity, key);
    this.requested.add(pod.requests, -1);
    this.nonZeroRequested.add(pod.nonZeroRequests, -1);
    for (const port of pod.hostPorts) this.usedPorts.add(port, -1);
    this.generation = nextGeneration();
    return true;
  }
}

function removeByKey(pods: PodInfo[], key: string): void {
  const index = pods.findIndex((p) => p.key === key);
  if (index !== -1) pods.splice(index, 1);
}

/** Shallow equality of two resource lists (values are strings or numbers). */
export function sameStringMap(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k]);
}
