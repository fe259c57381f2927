import { matchesLabels } from '../../../../api/selectors/label-selector.ts';
import type { AffinityTerm, NodeInfo, PodInfo } from '../../../../contracts/scheduling.ts';

/** The labels of a namespace, from the scheduler's Namespace informer; undefined when unknown. */
export type NamespaceLabels = (namespace: string) => Readonly<Record<string, string>> | undefined;

/**
 * framework.AffinityTerm.Matches: the pod is in one of the term's namespaces,
 * or its namespace's labels match the namespaceSelector, and its labels match
 * the selector.
 */
export function termMatches(term: AffinityTerm, pod: PodInfo, namespaceLabels: NamespaceLabels): boolean {
  if (!term.namespaces.has(pod.namespace)) {
    if (term.namespaceSelector === null) return false;
    const labels = namespaceLabels(pod.namespace);
    if (labels === undefined || !matchesLabels(term.namespaceSelector, labels)) return false;
  }
  return matchesLabels(term.selector, pod.labels);
}

/** podMatchesAllAffinityTerms: false for no terms */
export function matchesAllTerms(terms: readonly AffinityTerm[], pod: PodInfo, namespaceLabels: NamespaceLabels): boolean {
  if (terms.length === 0) return false;
  for (const term of terms) if (!termMatches(term, pod, namespaceLabels)) return false;
  return true;
}

/** Counts per topology pair (key, value): topologyToMatchedTermCount. */
export class TopologyCounts {
  private readonly counts = new Map<string, number>();

  /** adds `delta` to the pair (key, the node's value for key); nodes without the key are not counted */
  addForNode(node: NodeInfo, key: string, delta: number): void {
    const value = node.labels[key];
    if (value === undefined) return;
    const pair = `${key}\u0000${value}`;
    const next = (this.counts.get(pair) ?? 0) + delta;
    if (next === 0) this.counts.delete(pair);
    else this.counts.set(pair, next);
  }

  get(key: string, value: string): number {
    return this.counts.get(`${key}\u0000${value}`) ?? 0;
  }

  get size(): number {
    return this.counts.size;
  }
}

/** Caches namespace label lookups for one cycle. */
export function memoizedNamespaceLabels(lookup: NamespaceLabels): NamespaceLabels {
  const seen = new Map<string, Readonly<Record<string, string>> | undefined>();
  return (namespace) => {
    if (seen.has(namespace)) return seen.get(namespace);
    const labels = lookup(namespace);
    seen.set(namespace, labels);
    return labels;
  };
}
