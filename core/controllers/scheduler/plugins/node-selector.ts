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
  return (labels, name) => {
    for (const part of parts) if (!part(labels, name)) return false;
    return true;
  };
}

export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeInfo): boolean {
  return compileTerm(term)?.(node.labels, node.name) ?? false;
}

/** the key of an absent selector or term list in the caches below */
const ABSENT: object = Object.freeze({});

/**
 * Matchers by the very selector and term list they were compiled from.
 * Pods of one template share both (podInfoOf interns them), so a matcher is
 * compiled once for them all; kept per pod view instead, a WeakMap entry for
 * every pod was 3% of c1m-lite's allocations (sampling heap profile).
 */
const requiredCache = new WeakMap<object, WeakMap<object, NodeMatcher | null>>();

/**
 * nodeaffinity.GetRequiredNodeAffinity: spec.nodeSelector and the required
 * node affinity terms together; null when the pod has neither (every node
 * matches). Compiled once per selector and term list.
 */
export function requiredNodeAffinity(pod: PodInfo): NodeMatcher | null {
  const selectorKey = pod.nodeSelector ?? ABSENT;
  const termsKey = pod.requiredNodeAffinity ?? ABSENT;
  let byTerms = requiredCache.get(selectorKey);
  const cached = byTerms?.get(termsKey);
  if (cached !== undefined) return cached;
  const matcher = compileRequired(pod.nodeSelector, pod.requiredNodeAffinity);
  if (byTerms === undefined) requiredCache.set(selectorKey, (byTerms = new WeakMap()));
  byTerms.set(termsKey, matcher);
  return matcher;
}

function compileRequired(nodeSelector: PodInfo['nodeSelector'], requiredTerms: PodInfo['requiredNodeAffinity']): NodeMatcher | null {
  if (nodeSelector === undefined && requiredTerms === undefined) return null;
  const keys = nodeSelector === undefined ? [] : Object.keys(nodeSelector);
  const values = keys.map((key) => nodeSelector?.[key]);
  const terms = requiredTerms?.map(compileTerm).filter((t): t is Compiled => t !== undefined);
  // Plain loops: called for every node a pod looks at, where a closure per call was garbage per node.
  return (node) => {
    const labels = node.labels;
    for (let i = 0; i < keys.length; i++) if (labels[keys[i] ?? ''] !== values[i]) return false;
    if (terms === undefined) return true;
    for (const term of terms) if (term(labels, node.name)) return true;
    return false;
  };
}

/** Scorers by the very preferred terms they were compiled from: most pods share the empty list, which has none. */
const preferredCache = new WeakMap<object, ((node: NodeInfo) => number) | null>();

/**
 * PreferredSchedulingTerms.Score: the summed weights of the preferred terms a
 * node matches; null when the pod has none worth scoring. Compiled once per term list.
 */
export function preferredNodeAffinity(pod: PodInfo): ((node: NodeInfo) => number) | null {
  const cached = preferredCache.get(pod.preferredNodeAffinity);
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
  preferredCache.set(pod.preferredNodeAffinity, scorer);
  return scorer;
}
