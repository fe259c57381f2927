/**
 * NodePool disruption budgets, as Karpenter computes them
 * (Budget.GetAllowedDisruptions, BuildDisruptionBudgetMapping).
 */
import type { DisruptionBudget } from '../../../api/kinds/nodepool/types.ts';

const UNBOUNDED = 2 ** 31 - 1;

/**
 * One budget's `nodes` against the pool's node count: an integer as is, a
 * percentage of `total` rounded UP (intstr.GetScaledValueFromIntOrPercent
 * with roundUp, as for a PDB's maxUnavailable: 5% of 10 nodes allows 1, not
 * 0). Anything else fails closed: 0.
 */
export function scaledBudgetNodes(nodes: string, total: number): number {
  const text = nodes.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const percent = /^(\d+)%$/.exec(text);
  if (percent === null) return 0;
  return Math.ceil((Number(percent[1]) * total) / 100);
}

/** the most restrictive of the budgets; no budget at all leaves it unbounded */
export function allowedDisruptions(budgets: readonly DisruptionBudget[], total: number): number {
  let allowed = UNBOUNDED;
  for (const budget of budgets) allowed = Math.min(allowed, scaledBudgetNodes(budget.nodes, total));
  return allowed;
}

export interface PoolBudgetInput {
  budgets: readonly DisruptionBudget[];
  /** the pool's initialized claims, the disrupting ones included (Karpenter's numNodes) */
  total: number;
  /** claims being deleted or replaced, or whose node is not Ready */
  disrupting: number;
  /** claims that stay once deletions finish: not deleting, not being replaced */
  remaining: number;
  /** spec.min: deletions never take the pool below it */
  min: number;
}

/** What a pool may still disrupt in this pass. */
export interface PoolBudget {
  /** claims that may start disrupting now (delete or replace) */
  disruptions: number;
  /** claims that may be deleted without replacement now (the budget and spec.min both allow) */
  deletions: number;
}

export function poolBudget(input: PoolBudgetInput): PoolBudget {
  const disruptions = Math.max(allowedDisruptions(input.budgets, input.total) - input.disrupting, 0);
  return { disruptions, deletions: Math.max(Math.min(disruptions, input.remaining - input.min), 0) };
}
