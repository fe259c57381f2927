import type { NodeInfo, PodInfo } from '../../../../contracts/scheduling.ts';
import { matchesAllTerms, termMatches, TopologyCounts, type NamespaceLabels } from './term-matching.ts';

export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

/** What InterPodAffinity's PreFilter counts once per pod so that Filter only looks up topology pairs. */
export interface AffinityFilterState {
  /** pairs where existing pods' required anti-affinity terms match the incoming pod */
  existingAntiAffinity: TopologyCounts;
  /** pairs with existing pods matching all of the incoming pod's required affinity terms */
  affinity: TopologyCounts;
  /** pairs with existing pods matching one of the incoming pod's required anti-affinity terms */
  antiAffinity: TopologyCounts;
  /** the incoming pod matches its own affinity terms (it may start a group) */
  matchesOwnAffinity: boolean;
}

export function computeAffinityFilterState(pod: PodInfo, nodes: readonly NodeInfo[], namespaceLabels: NamespaceLabels): AffinityFilterState {
  const state: AffinityFilterState = {
    existingAntiAffinity: new TopologyCounts(),
    affinity: new TopologyCounts(),
    antiAffinity: new TopologyCounts(),
    matchesOwnAffinity: matchesAllTerms(pod.requiredAffinityTerms, pod, namespaceLabels),
  };
  const hasOwnTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
  for (const node of nodes) {
    for (const existing of node.podsWithRequiredAntiAffinity) countExistingAntiAffinity(state, pod, existing, node, namespaceLabels);
    if (!hasOwnTerms) continue;
    for (const existing of node.pods) countOwnTerms(state, pod, existing, node, namespaceLabels);
  }
  return state;
}

/** preFilterState.updateWithPod (PreFilterExtensions.AddPod): counts `added`, now on `node`, as if it had been there. */
export function addToAffinityState(state: AffinityFilterState, pod: PodInfo, added: PodInfo, node: NodeInfo, namespaceLabels: NamespaceLabels): void {
  countExistingAntiAffinity(state, pod, added, node, namespaceLabels);
  if (pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0) countOwnTerms(state, pod, added, node, namespaceLabels);
}

/** the pairs where `existing`'s required anti-affinity keeps the incoming pod out */
function countExistingAntiAffinity(state: AffinityFilterState, pod: PodInfo, existing: PodInfo, node: NodeInfo, namespaceLabels: NamespaceLabels): void {
  for (const term of existing.requiredAntiAffinityTerms) {
    if (termMatches(term, pod, namespaceLabels)) state.existingAntiAffinity.addForNode(node, term.topologyKey, 1);
  }
}

/** the pairs where `existing` satisfies the incoming pod's affinity terms or trips its anti-affinity terms */
function countOwnTerms(state: AffinityFilterState, pod: PodInfo, existing: PodInfo, node: NodeInfo, namespaceLabels: NamespaceLabels): void {
  if (matchesAllTerms(pod.requiredAffinityTerms, existing, namespaceLabels)) {
    for (const term of pod.requiredAffinityTerms) state.affinity.addForNode(node, term.topologyKey, 1);
  }
  for (const term of pod.requiredAntiAffinityTerms) {
    if (termMatches(term, existing, namespaceLabels)) state.antiAffinity.addForNode(node, term.topologyKey, 1);
  }
}

/** satisfyPodAffinity: every affinity term's topology pair on this node has a matching pod (or the pod starts the group) */
export function satisfiesAffinity(state: AffinityFilterState, pod: PodInfo, node: NodeInfo): boolean {
  let podsExist = true;
  for (const term of pod.requiredAffinityTerms) {
    const value = node.labels[term.topologyKey];
    if (value === undefined) return false;
    if (state.affinity.get(term.topologyKey, value) <= 0) {
      podsExist = false;
      break;
    }
  }
  // The first pod of a group that attracts itself could never be placed otherwise.
  return podsExist || (state.affinity.size === 0 && state.matchesOwnAffinity);
}

/** satisfyPodAntiAffinity: no pod matching an anti-affinity term in this node's topology pairs */
export function satisfiesAntiAffinity(state: AffinityFilterState, pod: PodInfo, node: NodeInfo): boolean {
  if (state.antiAffinity.size === 0) return true;
  for (const term of pod.requiredAntiAffinityTerms) {
    const value = node.labels[term.topologyKey];
    if (value !== undefined && state.antiAffinity.get(term.topologyKey, value) > 0) return false;
  }
  return true;
}

/** satisfyExistingPodsAntiAffinity: no existing pod's anti-affinity covers any of this node's topology pairs */
export function satisfiesExistingAntiAffinity(state: AffinityFilterState, node: NodeInfo): boolean {
  if (state.existingAntiAffinity.size === 0) return true;
  for (const key in node.labels) {
    const value = node.labels[key];
    if (value !== undefined && state.existingAntiAffinity.get(key, value) > 0) return false;
  }
  return true;
}
