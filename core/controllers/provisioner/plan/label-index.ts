import type { LabelRequirement } from '../../../api/selectors/label-requirement.ts';
import type { ParsedLabelSelector } from '../../../api/selectors/label-selector.ts';
import type { PodInfo } from '../../../contracts/scheduling.ts';

/**
 * Label pairs a pod must carry to match a selector: the values of one of its
 * equality requirements (`key=value`, `key in (a,b)`) or the key of an
 * `exists` one. Undefined when the selector has none (it may match pods
 * with any labels); [] for a null selector, which matches nothing.
 */
export function requiredLabelKeys(selector: ParsedLabelSelector | null): string[] | undefined {
  if (selector === null) return [];
  const indexable = selector.find((r) => isEquality(r) || r.operator === 'Exists');
  if (indexable === undefined) return undefined;
  return indexable.operator === 'Exists' ? [indexable.key] : indexable.values.map((v) => pairKey(indexable.key, v));
}

function isEquality(r: LabelRequirement): boolean {
  return r.operator === 'In' || r.operator === 'Equals' || r.operator === 'DoubleEquals';
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/**
 * Items filed under the labels a pod must carry to concern them, so that
 * for each placed pod only the items whose selectors it could match are
 * visited, not all of them. Items filed under nothing are always visited.
 */
export class LabelIndex<T> {
  private readonly byLabel = new Map<string, T[]>();
  private readonly always: T[] = [];
  private readonly seen = new Set<T>();

  /** `keys` from requiredLabelKeys, one list per selector; any undefined one files the item as always visited */
  add(item: T, keys: readonly (string[] | undefined)[]): void {
    if (keys.some((k) => k === undefined)) {
      this.always.push(item);
      return;
    }
    const unique = new Set(keys.flatMap((k) => k ?? []));
    for (const key of unique) {
      const items = this.byLabel.get(key);
      if (items === undefined) this.byLabel.set(key, [item]);
      else items.push(item);
    }
  }

  /** every item `pod` could concern, each once */
  forEachConcerning(pod: PodInfo, visit: (item: T) => void): void {
    const seen = this.seen;
    seen.clear();
    const each = (items: readonly T[] | undefined): void => {
      if (items === undefined) return;
      for (const item of items) {
        if (seen.has(item)) continue;
        seen.add(item);
        visit(item);
      }
    };
    each(this.always);
    for (const key in pod.labels) {
      each(this.byLabel.get(key));
      const value = pod.labels[key];
      if (value !== undefined) each(this.byLabel.get(pairKey(key, value)));
    }
    seen.clear();
  }
}
