import { labelSelectorFromObject, type LabelRequirement, type ParsedLabelSelector } from '../../../api/selectors/label-selector.ts';
import { isRecord, type LabelSelector } from '../../../api/types/meta.ts';
import type {
  AffinityTerm,
  NodeSelectorOperator,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PreferredSchedulingTerm,
  WeightedAffinityTerm,
} from '../../../contracts/scheduling.ts';

/** Parses the scheduling fields of a pod spec into the contract's typed views; malformed parts select nothing. */

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isNodeSelectorOperator(value: unknown): value is NodeSelectorOperator {
  return value === 'In' || value === 'NotIn' || value === 'Exists' || value === 'DoesNotExist' || value === 'Gt' || value === 'Lt';
}

function nodeSelectorRequirements(value: unknown): NodeSelectorRequirement[] {
  return records(value).map((r) => {
    const key = typeof r['key'] === 'string' ? r['key'] : '';
    const operator = r['operator'];
    // Kubernetes fails to parse an unknown operator, and the term then matches no node; `In` with no values does the same.
    return isNodeSelectorOperator(operator) ? { key, operator, values: strings(r['values']) } : { key, operator: 'In', values: [] };
  });
}

export function nodeSelectorTerm(value: unknown): NodeSelectorTerm {
  const term = isRecord(value) ? value : {};
  return { matchExpressions: nodeSelectorRequirements(term['matchExpressions']), matchFields: nodeSelectorRequirements(term['matchFields']) };
}

/** affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, or undefined */
export function requiredNodeAffinityOf(affinity: Record<string, unknown>): NodeSelectorTerm[] | undefined {
  const nodeAffinity = affinity['nodeAffinity'];
  if (!isRecord(nodeAffinity)) return undefined;
  const required = nodeAffinity['requiredDuringSchedulingIgnoredDuringExecution'];
  if (!isRecord(required)) return undefined;
  return records(required['nodeSelectorTerms']).map(nodeSelectorTerm);
}

const NO_PREFERRED_TERMS: readonly PreferredSchedulingTerm[] = Object.freeze([]);

export function preferredNodeAffinityOf(affinity: Record<string, unknown>): readonly PreferredSchedulingTerm[] {
  const nodeAffinity = affinity['nodeAffinity'];
  if (!isRecord(nodeAffinity)) return NO_PREFERRED_TERMS;
  return records(nodeAffinity['preferredDuringSchedulingIgnoredDuringExecution']).map((t) => ({
    weight: typeof t['weight'] === 'number' ? t['weight'] : 0,
    preference: nodeSelectorTerm(t['preference']),
  }));
}

export function parseSelector(value: unknown): ParsedLabelSelector | null {
  if (!isRecord(value)) return null;
  try {
    return labelSelectorFromObject(value as LabelSelector);
  } catch {
    return null;
  }
}

/**
 * Adds `key in (value)` for each matchLabelKeys key and `key notin (value)`
 * for each mismatchLabelKeys key the pod carries, as Kubernetes merges them
 * into the term's selector. A null selector stays null (it selects nothing).
 */
export function mergeLabelKeys(
  selector: ParsedLabelSelector | null,
  labels: Readonly<Record<string, string>>,
  matchKeys: readonly string[],
  mismatchKeys: readonly string[] = [],
): ParsedLabelSelector | null {
  if (selector === null || (matchKeys.length === 0 && mismatchKeys.length === 0)) return selector;
  const extra: LabelRequirement[] = [];
  for (const key of matchKeys) {
    const value = labels[key];
    if (value !== undefined) extra.push({ key, operator: 'In', values: [value] });
  }
  for (const key of mismatchKeys) {
    const value = labels[key];
    if (value !== undefined) extra.push({ key, operator: 'NotIn', values: [value] });
  }
  return extra.length === 0 ? selector : [...extra, ...selector];
}

function affinityTerm(term: Record<string, unknown>, namespace: string, labels: Readonly<Record<string, string>>): AffinityTerm {
  const named = strings(term['namespaces']);
  const hasNamespaceSelector = isRecord(term['namespaceSelector']);
  return {
    namespaces: new Set(named.length === 0 && !hasNamespaceSelector ? [namespace] : named),
    namespaceSelector: hasNamespaceSelector ? parseSelector(term['namespaceSelector']) : null,
    selector: mergeLabelKeys(parseSelector(term['labelSelector']), labels, strings(term['matchLabelKeys']), strings(term['mismatchLabelKeys'])),
    topologyKey: typeof term['topologyKey'] === 'string' ? term['topologyKey'] : '',
  };
}

export interface PodAffinityTerms {
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
}

/** the terms of the many pods without pod (anti-)affinity, shared: the scheduler keeps a view of every pod */
const NO_POD_AFFINITY: PodAffinityTerms = Object.freeze({
  requiredAffinityTerms: Object.freeze([]),
  requiredAntiAffinityTerms: Object.freeze([]),
  preferredAffinityTerms: Object.freeze([]),
  preferredAntiAffinityTerms: Object.freeze([]),
});

export function podAffinityTermsOf(affinity: Record<string, unknown>, namespace: string, labels: Readonly<Record<string, string>>): PodAffinityTerms {
  if (affinity['podAffinity'] === undefined && affinity['podAntiAffinity'] === undefined) return NO_POD_AFFINITY;
  const required = (kind: string): AffinityTerm[] => {
    const section = affinity[kind];
    if (!isRecord(section)) return [];
    return records(section['requiredDuringSchedulingIgnoredDuringExecution']).map((t) => affinityTerm(t, namespace, labels));
  };
  const preferred = (kind: string): WeightedAffinityTerm[] => {
    const section = affinity[kind];
    if (!isRecord(section)) return [];
    return records(section['preferredDuringSchedulingIgnoredDuringExecution']).map((t) => ({
      ...affinityTerm(isRecord(t['podAffinityTerm']) ? t['podAffinityTerm'] : {}, namespace, labels),
      weight: typeof t['weight'] === 'number' ? t['weight'] : 0,
    }));
  };
  return {
    requiredAffinityTerms: required('podAffinity'),
    requiredAntiAffinityTerms: required('podAntiAffinity'),
    preferredAffinityTerms: preferred('podAffinity'),
    preferredAntiAffinityTerms: preferred('podAntiAffinity'),
  };
}
