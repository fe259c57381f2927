import { isRecord } from '../types/meta.ts';
import { str, strMap, strs } from './fields.ts';

/**
 * Label sets and selectors rendered the way apimachinery's String() methods do
 * (labels.FormatLabels, metav1.FormatLabelSelector, Selector.String()).
 */

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "k1=v1,k2=v2" with sorted keys, or "<none>" for an empty set. */
export function formatLabels(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort(byCodeUnit)
    .map((key) => `${key}=${labels[key] ?? ''}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

interface Requirement {
  key: string;
  text: string;
}

function expressionRequirement(expression: unknown): Requirement | undefined {
  const key = str(expression, 'key') ?? '';
  const operator = str(expression, 'operator');
  const values = strs(expression, 'values');
  const list = `(${[...values].sort(byCodeUnit).join(',')})`;
  switch (operator) {
    case 'In':
      return values.length === 0 ? undefined : { key, text: `${key} in ${list}` };
    case 'NotIn':
      return values.length === 0 ? undefined : { key, text: `${key} notin ${list}` };
    case 'Exists':
      return values.length === 0 ? { key, text: key } : undefined;
    case 'DoesNotExist':
      return values.length === 0 ? { key, text: `!${key}` } : undefined;
    default:
      return undefined;
  }
}

/**
 * Selector.String() of metav1.LabelSelectorAsSelector: requirements sorted by key,
 * "" for both a nil selector (Nothing) and an empty one (Everything), undefined
 * when the selector cannot be converted (bad operator or value count).
 */
export function labelSelectorString(selector: unknown): string | undefined {
  if (!isRecord(selector)) return '';
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(strMap(selector, 'matchLabels'))) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  const expressions = selector['matchExpressions'];
  for (const expression of Array.isArray(expressions) ? expressions : []) {
    const requirement = expressionRequirement(expression);
    if (requirement === undefined) return undefined;
    requirements.push(requirement);
  }
  // Array.prototype.sort is stable, like the order Go's selector keeps for equal keys in practice.
  requirements.sort((a, b) => byCodeUnit(a.key, b.key));
  return requirements.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: "<none>" when empty, "<error>" when unconvertible. */
export function formatLabelSelector(selector: unknown): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}
