import { Quantity, QuantityParseError } from '../../quantity.ts';
import { isRecord, type KubeObject } from '../../types/meta.ts';
import type { ConsolidationPolicy } from './types.ts';

/**
 * NodePool defaults, as Karpenter's karpenter.sh/v1 NodePool CRD declares them:
 * consolidate empty or underused nodes at once, at most 10% of the pool at a
 * time. `weight` stays unset (no preference among pools).
 */

export const DEFAULT_CONSOLIDATION_POLICY: ConsolidationPolicy = 'WhenEmptyOrUnderutilized';
export const DEFAULT_CONSOLIDATE_AFTER = '0s';
export const DEFAULT_BUDGET_NODES = '10%';

export function defaultNodePool(obj: KubeObject): void {
  const spec = obj['spec'];
  if (!isRecord(spec)) return;
  if (spec['disruption'] === undefined || spec['disruption'] === null) spec['disruption'] = {};
  const disruption = spec['disruption'];
  if (isRecord(disruption)) defaultDisruption(disruption);
  if (isRecord(spec['limits'])) quantitiesAsText(spec['limits']);
  const status = obj['status'];
  if (isRecord(status) && isRecord(status['resources'])) quantitiesAsText(status['resources']);
}

function defaultDisruption(disruption: Record<string, unknown>): void {
  disruption['consolidationPolicy'] ??= DEFAULT_CONSOLIDATION_POLICY;
  disruption['consolidateAfter'] ??= DEFAULT_CONSOLIDATE_AFTER;
  disruption['budgets'] ??= [{ nodes: DEFAULT_BUDGET_NODES }];
  const budgets = disruption['budgets'];
  // Karpenter defaults each budget's nodes too, so `budgets: [{}]` means 10%.
  if (Array.isArray(budgets)) for (const budget of budgets) if (isRecord(budget)) budget['nodes'] ??= DEFAULT_BUDGET_NODES;
}

/**
 * A Quantity decodes from a bare JSON number as well as a string, and is always
 * written back as a string; storing the text keeps types.ts's `string` true for
 * controllers. A value that does not parse is left for validation to report.
 */
export function quantitiesAsText(list: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(list)) {
    if (typeof value !== 'number') continue;
    try {
      list[name] = Quantity.parse(String(value)).toString();
    } catch (error) {
      if (!(error instanceof QuantityParseError)) throw error;
    }
  }
}
