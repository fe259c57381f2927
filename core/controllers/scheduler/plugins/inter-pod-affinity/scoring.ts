import type { NodeInfo, PodInfo, WeightedAffinityTerm } from '../../../../contracts/scheduling.ts';
import { termMatches, type NamespaceLabels } from './term-matching.ts';

/** topology key → topology value → summed weight (interpodaffinity scoreMap). */
export type TopologyScore = Map<string, Map<string, number>>;

/** hardPodAffinityWeight: how much an existing pod's required affinity for the incoming pod counts (default 1). */
export const HARD_POD_AFFINITY_WEIGHT = 1;

function addTerm(scores: TopologyScore, term: { topologyKey: string }, weight: number, node: NodeInfo): void {
  const value = node.labels[term.topologyKey];
  if (value === undefined) return;
  let values = scores.get(term.topologyKey);
  if (values === undefined) {
    values = new Map();
    scores.set(term.topologyKey, values);
  }
  values.set(value, (values.get(value) ?? 0) + weight);
}

function processTerms(scores: TopologyScore, terms: readonly WeightedAffinityTerm[], target: PodInfo, node: NodeInfo, sign: 1 | -1, ns: NamespaceLabels): void {
  for (const term of terms) if (termMatches(term, target, ns)) addTerm(scores, term, sign * term.weight, node);
}

/**
 * InterPodAffinity's PreScore: for every existing pod, its node's topology
 * pairs gain the weights of the incoming pod's preferred affinity terms it
 * matches (anti-affinity subtracts), and of the existing pod's own affinity
 * terms (required ones at HARD_POD_AFFINITY_WEIGHT) that the incoming pod
 * matches. Without preferred terms of its own, only pods with affinity matter.
 */
export function computeTopologyScore(pod: PodInfo, nodes: readonly NodeInfo[], ns: NamespaceLabels): TopologyScore {
  const scores: TopologyScore = new Map();
  const ownPreferences = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
  for (const node of nodes) {
    if (Object.keys(node.labels).length === 0) continue;
    const pods = ownPreferences ? node.pods : node.podsWithAffinity;
    for (const existing of pods) {
      processTerms(scores, pod.preferredAffinityTerms, existing, node, 1, ns);
      processTerms(scores, pod.preferredAntiAffinityTerms, existing, node, -1, ns);
      for (const term of existing.requiredAffinityTerms) {
        if (termMatches(term, pod, ns)) addTerm(scores, term, HARD_POD_AFFINITY_WEIGHT, node);
      }
      processTerms(scores, existing.preferredAffinityTerms, pod, node, 1, ns);
      processTerms(scores, existing.preferredAntiAffinityTerms, pod, node, -1, ns);
    }
  }
  return scores;
}

export function scoreNode(scores: TopologyScore, node: NodeInfo): number {
  let score = 0;
  for (const [key, values] of scores) {
    const value = node.labels[key];
    if (value !== undefined) score += values.get(value) ?? 0;
  }
  return score;
}
