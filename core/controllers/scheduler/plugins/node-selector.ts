import { isInt64 } from '../../../api/selectors/label-requirement.ts';
import type { NodeInfo, NodeSelectorRequirement, NodeSelectorTerm, PodInfo } from '../../../contracts/scheduling.ts';

/**
 * Node selectors as k8s.io/component-helpers/scheduling/corev1/nodeaffinity
 * matches them: terms are ORed, the requirements of a term ANDed; an empty
 * term, or one Kubernetes cannot parse, matches no node.
 */

export type NodeMatcher = (node: NodeInfo) => boolean;

type Compiled = (labels: Readonly<Record<string, string>>, name: string) => boolean;

function labelRequirement(r: NodeSelectorRequirement): Compiled | undefined {
  const { key, values } = r;
  switch (r.operator) {
    case 'In':
      if (values.length === 0) return undefined;
      return (labels) => {
        const v = labels[key];
        return v !== undefined && values.includes(v);
      };
    case 'NotIn':
      if (values.length === 0) return undefined;
      return (labels) => {
        const v = labels[key];
        return v === undefined || !values.includes(v);
      };
    case 'Exists':
      return values.length === 0 ? (labels) => labels[key] !== undefined : undefined;
    case 'DoesNotExist':
      return values.length === 0 ? (labels) => labels[key] === undefined : undefined;
    case 'Gt':
    case 'Lt': {
      const only = values.length === 1 ? values[0] : undefined;
      if (only === undefined || !isInt64(only)) return undefined;
      const bound = BigInt(only);
      const greater = r.operator === 'Gt';
      return (labels) => {
        const v = labels[key];
        if (v === undefined || !isInt64(v)) return false;
        return greater ? BigInt(v) > bound : BigInt(v) < bound;
      };
    }
    default:
      return undefined;
  }
}

/** matchFields know only metadata.name, with In or NotIn and exactly one value. */
function fieldRequirement(r: NodeSelectorRequirement): Compiled | undefined {
  const only = r.values.length === 1 ? r.values[0] : undefined;
  if (only === undefined || (r.operator !== 'In' && r.operator !== 'NotIn')) return undefined;
  if (r.key !== 'metadata.name') return r.operator === 'NotIn' ? () => true : () => false;
  return r.operator === 'In' ? (_labels, name) => name === only : (_labels, name) => name !== only;
}

/** a term's matcher, or undefined when the term is empty or malformed (it then matches nothing) */
function compileTerm(term: NodeSelectorTerm): Compiled | undefined {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return undefined;
  const parts: Compiled[] = [];
  for (const r of term.matchExpressions) {
    const part = labelRequirement(r);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  for (const r of term.matchFields) {
    const part = fieldRequirement(r);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return (labels, name) => parts.every((p) => p(labels, name));
}

export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeInfo): boolean {
  return compileTerm(term)?.(node.labels, node.name) ?? false;
}

const requiredCache = new WeakMap<PodInfo, NodeMatcher | null>();

/**
 * nodeaffinity.GetRequiredNodeAffinity: spec.nodeSelector and the required
 * node affinity terms together; null when the pod has neither (every node
 * matches). Compiled once per version of the pod.
 */
export function requiredNodeAffinity(pod: PodInfo): NodeMatcher | null {
  const cached = requiredCache.get(pod);
  if (cached !== undefined) return cached;
  let matcher: NodeMatcher | null = null;
  const selector = pod.nodeSelector === undefined ? undefined : Object.entries(pod.nodeSelector);
  const terms = pod.requiredNodeAffinity?.map(compileTerm).filter((t): t is Compiled => t !== undefined);
  if (selector !== undefined || terms !== undefined) {
    matcher = (node) => {
      if (selector !== undefined && !selector.every(([k, v]) => node.labels[k] === v)) return false;
      return terms === undefined || terms.some((t) => t(node.labels, node.name));
    };
  }
  requiredCache.set(pod, matcher);
  return matcher;
}

const preferredCache = new WeakMap<PodInfo, ((node: NodeInfo) => number) | null>();

/**
 * PreferredSchedulingTerms.Score: the summed weights of the preferred terms a
 * node matches; null when the pod has none worth scoring. Compiled once per pod.
 */
export function preferredNodeAffinity(pod: PodInfo): ((node: NodeInfo) => number) | null {
  const cached = preferredCache.get(pod);
  if (cached !== undefined) return cached;
  const terms: { weight: number; match: Compiled }[] = [];
  for (const term of pod.preferredNodeAffinity) {
    const match = term.weight === 0 ? undefined : compileTerm(term.preference);
    if (match !== undefined) terms.push({ weight: term.weight, match });
  }
  const scorer =
    terms.length === 0
      ? null
      : (node: NodeInfo): number => {
          let score = 0;
          for (const term of terms) if (term.match(node.labels, node.name)) score += term.weight;
          return score;
        };
  preferredCache.set(pod, scorer);
  return scorer;
}
