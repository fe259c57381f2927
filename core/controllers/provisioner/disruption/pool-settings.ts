import type { ConsolidationPolicy, DisruptionBudget, NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import { consolidateAfterMs } from '../../../api/kinds/nodepool/duration.ts';

/** A pool's disruption fields with Karpenter's defaults filled in. */
export interface PoolDisruptionSettings {
  policy: ConsolidationPolicy;
  /** undefined: "Never", nothing of this pool is consolidated */
  consolidateAfterMs: number | undefined;
  budgets: readonly DisruptionBudget[];
  /** nodes the pool keeps whatever disruption wants */
  min: number;
}

/** Karpenter's default budget: a tenth of the pool's nodes at once. */
export const DEFAULT_BUDGETS: readonly DisruptionBudget[] = Object.freeze([{ nodes: '10%' }]);

export function disruptionSettingsOf(pool: NodePoolObject): PoolDisruptionSettings {
  const disruption = pool.spec.disruption ?? {};
  return {
    policy: disruption.consolidationPolicy === 'WhenEmpty' ? 'WhenEmpty' : 'WhenEmptyOrUnderutilized',
    consolidateAfterMs: consolidateAfterOf(disruption.consolidateAfter),
    budgets: disruption.budgets ?? DEFAULT_BUDGETS,
    min: typeof pool.spec.min === 'number' && pool.spec.min > 0 ? pool.spec.min : 0,
  };
}

/**
 * consolidateAfter as the API server parses it: "Never" disables
 * consolidation, and so (failing closed) does text it would have refused;
 * absent means the default "0s".
 */
export function consolidateAfterOf(value: string | undefined): number | undefined {
  const ms = consolidateAfterMs(value ?? '0s');
  return ms === undefined || !Number.isFinite(ms) ? undefined : ms;
}
