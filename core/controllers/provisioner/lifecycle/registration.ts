import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { isApiError } from '../../../api/errors.ts';
import { Resources } from '../../../client/resources.ts';
import { NodePoolLabels } from '../../../contracts/node-provider.ts';
import { WellKnownLabels } from '../../../api/kinds/nodepool/types.ts';
import { DONE, type Result } from '../../framework/result.ts';
import { findCondition, sameConditions, setConditions } from '../../../api/kinds/nodepool/conditions.ts';
import { formatGoDuration } from '../../../api/kinds/nodepool/duration.ts';
import { deleteClaim, writeClaimStatus } from './claim-writes.ts';
import { findNodeOf } from './find-node.ts';
import type { LifecycleContext } from './lifecycle-context.ts';
import { poolNameOf } from './claim-pool.ts';
import { missingLabels, registeredConditions, registrationTimeLeft } from './registration-state.ts';
import { asNodeClaim } from './type-meta.ts';

/**
 * A launched claim: links it to its Node once the Node joins (labels the
 * Node, mirrors its readiness), removes it when the Node never joins within
 * the registration TTL, and removes it when its registered Node is deleted.
 */
export async function registerClaim(ctx: LifecycleContext, claim: NodeClaimObject): Promise<Result> {
  const node = findNodeOf(ctx.nodes, claim);
  const conditions = claim.status?.conditions ?? [];
  const registered = findCondition(conditions, 'Registered')?.status === 'True';
  if (node === undefined) {
    if (registered) {
      // Its Node was deleted: as with Karpenter, the machine behind it goes too.
      ctx.events.record(asNodeClaim(claim), 'Normal', 'NodeDeleted', `Node ${claim.status?.nodeName ?? ''} was deleted; removing the machine`);
      await deleteClaim(ctx.client, claim);
      return DONE;
    }
    const left = registrationTimeLeft(claim, ctx.options.registrationTTLMs, ctx.clock.now());
    if (left > 0) return { requeueAfterMs: left };
    const message = `node never joined within ${formatGoDuration(ctx.options.registrationTTLMs)}; removing the machine`;
    ctx.events.record(asNodeClaim(claim), 'Warning', 'RegistrationTimeout', message);
    ctx.logger.warn({ nodeClaim: claim.metadata.name, providerID: claim.status?.providerID }, message);
    await deleteClaim(ctx.client, claim);
    return DONE;
  }

  const poolName = poolNameOf(claim) ?? '';
  const pool = ctx.providers.get(poolName)?.pool;
  const wanted: Record<string, string> = {
    ...(pool?.spec.template?.metadata?.labels ?? {}),
    [WellKnownLabels.nodePool]: poolName,
    [WellKnownLabels.nodeClaim]: claim.metadata.name ?? '',
  };
  if (pool !== undefined) wanted[NodePoolLabels.provider] = pool.spec.provider;
  const labels = missingLabels(node, wanted);
  if (labels !== undefined) {
    try {
      await ctx.client.patch(Resources.nodes, undefined, node.metadata.name ?? '', 'merge', { metadata: { labels } });
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
  }

  const next = setConditions(conditions, registeredConditions(node, conditions), ctx.clock.now(), claim.metadata.generation);
  const nodeName = node.metadata.name ?? '';
  if (!sameConditions(conditions, next) || claim.status?.nodeName !== nodeName) {
    await writeClaimStatus(ctx.client, claim, { nodeName, conditions: next });
    if (!registered) ctx.logger.info({ nodeClaim: claim.metadata.name, node: nodeName }, 'node registered');
  }
  return DONE;
}
