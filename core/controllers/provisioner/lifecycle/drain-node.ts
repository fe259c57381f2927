import type { KubeObject } from '../../../api/types/meta.ts';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { settleConcurrently } from '../../../api/concurrency.ts';
import type { Result } from '../../framework/result.ts';
import { drainPlan } from './drain-plan.ts';
import { evictPod, type EvictionOutcome } from './eviction.ts';
import { LifecycleIndexes, type LifecycleContext } from './lifecycle-context.ts';
import { asNodeClaim, asPod } from './type-meta.ts';

/** evictions in flight at once for one node */
const CONCURRENT_EVICTIONS = 8;

/**
 * One pass of draining a node: evicts what must move and reports whether to
 * look again (pods still evicting or terminating, or a PodDisruptionBudget
 * in the way). Undefined once nothing is left to wait for.
 */
export async function drainNode(ctx: LifecycleContext, claim: NodeClaimObject, node: KubeObject): Promise<Result | undefined> {
  const nodeName = node.metadata.name ?? '';
  const plan = drainPlan(ctx.pods.byIndex(LifecycleIndexes.nodeName, nodeName));
  if (plan.evict.length === 0 && plan.terminating.length === 0) return undefined;
  const outcomes = await settleConcurrently(plan.evict, CONCURRENT_EVICTIONS, (pod) => evictPod(ctx.client, pod.metadata.namespace ?? 'default', pod.metadata.name ?? ''));
  const blocked: string[] = [];
  for (const [index, settled] of outcomes.entries()) {
    const pod = plan.evict[index];
    if (pod === undefined) continue;
    if (settled.status === 'rejected') throw settled.reason;
    const outcome: EvictionOutcome = settled.value;
    if (outcome.kind === 'blocked') blocked.push(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}: ${outcome.message}`);
    if (outcome.kind === 'evicted') ctx.events.record(asPod(pod), 'Normal', 'Evicted', `Evicted pod: draining node ${nodeName}`);
  }
  if (blocked.length > 0) {
    ctx.events.record(asNodeClaim(claim), 'Warning', 'FailedDraining', `Failed to drain node ${nodeName}, ${blocked.join('; ')}`);
    return { requeueAfterMs: ctx.options.evictionRetryMs };
  }
  return { requeueAfterMs: ctx.options.drainPollMs };
}
