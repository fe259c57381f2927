import type { AffinityTerm, PodInfo, ResourceAmounts } from '../../../contracts/scheduling.ts';
import { matchesLabels } from '../../../api/selectors/label-selector.ts';
import { HOSTNAME_LABEL } from '../../scheduler/plugins/pod-topology-spread/common.ts';

const termsAsJson = (terms: readonly AffinityTerm[]): unknown[] => terms.map((t) => [[...t.namespaces].sort(), t.namespaceSelector, t.selector, t.topologyKey]);

const signatures = new WeakMap<PodInfo, string>();

/**
 * Everything of a pod that scheduling constraints read (labels, namespace,
 * selectors, affinity, spread, tolerations, host ports): two pods with the
 * same signature get the same PreFilter state and fit the same offers.
 * Remembered per PodInfo, which is immutable.
 */
export function constraintSignature(pod: PodInfo): string {
  const known = signatures.get(pod);
  if (known !== undefined) return known;
  const signature = JSON.stringify([
    pod.namespace,
    pod.labels,
    pod.nodeName,
    pod.nodeSelector ?? null,
    pod.requiredNodeAffinity ?? null,
    pod.tolerations,
    pod.hostPorts,
    pod.topologySpreadConstraints,
    termsAsJson(pod.requiredAffinityTerms),
    termsAsJson(pod.requiredAntiAffinityTerms),
  ]);
  signatures.set(pod, signature);
  return signature;
}

export function requestsKey(requests: ResourceAmounts): string {
  const scalar = [...requests.scalar].sort(([a], [b]) => a.localeCompare(b));
  return `${requests.milliCPU}/${requests.memory}/${requests.ephemeralStorage}/${JSON.stringify(scalar)}`;
}

/** A pod with the keys the planner groups it by. */
export interface QueuedPod {
  readonly info: PodInfo;
  /** equal for pods whose PreFilter state is interchangeable */
  readonly signature: string;
  /** equal for identical pods: same signature and same requests */
  readonly group: string;
}

/** The largest allocatable the pools offer per resource: what "a node's worth" of cpu or memory is. */
export interface ResourceScale {
  readonly milliCPU: number;
  readonly memory: number;
}

/**
 * A pod's size as the share of the largest node it takes in its scarcer
 * resource (its dominant share, as in dominant resource fairness): a pod of
 * 100m and 4Gi is as hard to place as one of 2 cpu and 1Gi on nodes with 2Gi
 * per cpu, which ordering by cpu first would place among the smallest.
 */
export function dominantShare(requests: ResourceAmounts, scale: ResourceScale): number {
  const cpu = scale.milliCPU > 0 ? requests.milliCPU / scale.milliCPU : 0;
  const memory = scale.memory > 0 ? requests.memory / scale.memory : 0;
  return Math.max(cpu, memory);
}

/**
 * How the pod limits how many pods its own selectors match may share a node
 * with it, by a hard topology spread or required anti-affinity over
 * hostnames: 'self' when it matches its own selector (each such pod raises
 * the count the next one is limited by: they need nodes of their own, up to
 * maxSkew apiece), 'others' when it does not, undefined when it is not
 * limited per node. A limited pod fits only nodes where few matching pods
 * are yet, so it is placed before the pods it counts arrive there.
 */
export function limitPerNode(pod: PodInfo): 'self' | 'others' | undefined {
  let limited = false;
  for (const c of pod.topologySpreadConstraints) {
    if (c.whenUnsatisfiable !== 'DoNotSchedule' || c.topologyKey !== HOSTNAME_LABEL) continue;
    if (c.selector !== null && matchesLabels(c.selector, pod.labels)) return 'self';
    limited = true;
  }
  for (const term of pod.requiredAntiAffinityTerms) {
    if (term.topologyKey !== HOSTNAME_LABEL) continue;
    if (term.selector !== null && term.namespaces.has(pod.namespace) && matchesLabels(term.selector, pod.labels)) return 'self';
    limited = true;
  }
  return limited ? 'others' : undefined;
}

/**
 * The planner's order, first-fit decreasing in two parts:
 * 1. pods limited per node (see limitPerNode): those that count themselves
 *    first, each then needing a node of its own per selector; then those
 *    that count other pods, grouped by their constraints, largest first
 *    within a group. Pods of a group do not raise the count they are
 *    limited by, so they can all share a node, and do, if no pod they
 *    count got there first. Interleaved with everything else by size, they
 *    would find every node already holding pods of the label they count and
 *    each open a node of its own.
 * 2. the rest by dominant share, largest first (then most cpu and most
 *    memory, as Karpenter's byCPUAndMemoryDescending), with cpu-heavy and
 *    memory-heavy pods merged as balanced() says.
 * Identical pods stay next to each other within each part and list, so that
 * one pod's findings hold for the next; ties go by key, so that a plan does
 * not depend on the order pods arrived in.
 */
export function firstFitDecreasing(pods: readonly PodInfo[], signatureIncludesRequests: boolean, scale: ResourceScale): QueuedPod[] {
  const queued = pods.map((info) => {
    const constraints = constraintSignature(info);
    const requests = requestsKey(info.requests);
    return {
      info,
      signature: signatureIncludesRequests ? `${requests}|${constraints}` : constraints,
      group: `${requests}|${constraints}`,
      constraints,
      limit: limitPerNode(info),
      share: dominantShare(info.requests, scale),
    };
  });
  // Long strings are compared once each, not once per pair of pods.
  const rankOf = ranker(queued.map((q) => q.group));
  const constraintRankOf = ranker(queued.map((q) => q.constraints));
  const decreasing = (a: (typeof queued)[number], b: (typeof queued)[number]): number =>
    b.share - a.share ||
    b.info.requests.milliCPU - a.info.requests.milliCPU ||
    b.info.requests.memory - a.info.requests.memory ||
    rankOf(a.group) - rankOf(b.group) ||
    (a.info.key < b.info.key ? -1 : a.info.key > b.info.key ? 1 : 0);
  const limitRank = (q: (typeof queued)[number]): number => (q.limit === 'self' ? 0 : 1);
  const limited = queued.filter((q) => q.limit !== undefined).sort((a, b) => limitRank(a) - limitRank(b) || constraintRankOf(a.constraints) - constraintRankOf(b.constraints) || decreasing(a, b));
  const cpuLeaning = queued.filter((q) => q.limit === undefined && q.info.requests.milliCPU * scale.memory > q.info.requests.memory * scale.milliCPU).sort(decreasing);
  const memoryLeaning = queued.filter((q) => q.limit === undefined && !(q.info.requests.milliCPU * scale.memory > q.info.requests.memory * scale.milliCPU)).sort(decreasing);
  return [...limited, ...balanced(cpuLeaning, memoryLeaning, scale)].map(({ info, signature, group }) => ({ info, signature, group }));
}

/**
 * Both lists (each largest first) merged so that the cpu and the memory
 * requested so far stay in the proportion the largest node offers them:
 * the next pod comes from the list that leans towards the resource behind.
 * First fit then fills a node's cpu and memory together. Taken by size
 * alone, one kind comes first and fills one resource of the first nodes,
 * leaving the other idle but paid for, and the other kind needs nodes of its
 * own later.
 */
function balanced<T extends { readonly info: PodInfo }>(cpuLeaning: readonly T[], memoryLeaning: readonly T[], scale: ResourceScale): T[] {
  const out: T[] = [];
  let c = 0;
  let m = 0;
  let cpu = 0;
  let memory = 0;
  while (c < cpuLeaning.length || m < memoryLeaning.length) {
    const cpuBehind = cpu * scale.memory <= memory * scale.milliCPU;
    const next = (cpuBehind && c < cpuLeaning.length) || m >= memoryLeaning.length ? cpuLeaning[c++] : memoryLeaning[m++];
    if (next === undefined) break;
    out.push(next);
    cpu += next.info.requests.milliCPU;
    memory += next.info.requests.memory;
  }
  return out;
}

function ranker(values: readonly string[]): (value: string) => number {
  const rank = new Map([...new Set(values)].sort().map((value, i) => [value, i]));
  return (value) => rank.get(value) ?? 0;
}
