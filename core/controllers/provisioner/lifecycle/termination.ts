import { isApiError } from '../../../api/errors.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { Resources } from '../../../client/resources.ts';
import { InstanceNotFoundError, NodePoolLabels, ThrottledError, type NodeProvider } from '../../../contracts/node-provider.ts';
import { DONE, type Result } from '../../framework/result.ts';
import { removeFinalizer } from './claim-writes.ts';
import { drainNode } from './drain-node.ts';
import { findNodeOf } from './find-node.ts';
import type { LifecycleContext } from './lifecycle-context.ts';
import { cordonedSpec, cordonNode } from './node-cordon.ts';
import { poolNameOf } from './claim-pool.ts';
import { terminationGraceLeft } from './termination-grace.ts';
import { asNode, asNodeClaim } from './type-meta.ts';

/**
 * A deleted claim (its finalizer still on): cordons and taints its Node,
 * drains it through the eviction API, removes the machine, deletes the Node
 * and lets the claim go. Each pass does what it can and asks to look again.
 */
export async function terminateClaim(ctx: LifecycleContext, claim: NodeClaimObject): Promise<Result> {
  const node = findNodeOf(ctx.nodes, claim);
  if (node !== undefined) {
    const drained = await cordonAndDrain(ctx, claim, node);
    if (drained !== undefined) return drained;
  }
  const blocked = await removeMachine(ctx, claim);
  if (blocked !== undefined) return blocked;
  const nodeName = node?.metadata.name ?? claim.status?.nodeName;
  if (nodeName !== undefined) {
    try {
      await ctx.client.delete(Resources.nodes, undefined, nodeName);
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
  }
  await removeFinalizer(ctx.client, claim);
  const machine = claim.status?.providerID === undefined ? 'no machine had been launched' : `removed machine ${claim.status.providerID}`;
  ctx.events.record(asNodeClaim(claim), 'Normal', 'Terminated', nodeName === undefined ? machine : `${machine} and deleted node ${nodeName}`);
  ctx.logger.info({ nodeClaim: claim.metadata.name, providerID: claim.status?.providerID, node: nodeName }, 'node claim terminated');
  return DONE;
}

async function cordonAndDrain(ctx: LifecycleContext, claim: NodeClaimObject, node: KubeObject): Promise<Result | undefined> {
  const nodeName = node.metadata.name ?? '';
  if (cordonedSpec(node) !== undefined) {
    const message = `Disrupting NodeClaim: deleted; cordoning and draining node ${nodeName}`;
    ctx.events.record(asNodeClaim(claim), 'Normal', 'DisruptionTerminating', message);
    ctx.events.record(asNode(node), 'Normal', 'DisruptionTerminating', `Disrupting Node: its NodeClaim ${claim.metadata.name ?? ''} was deleted`);
    if (!(await cordonNode(ctx.client, node))) return undefined;
  }
  const graceLeft = terminationGraceLeft(claim, ctx.clock.now());
  if (graceLeft !== undefined && graceLeft <= 0) {
    ctx.logger.info({ nodeClaim: claim.metadata.name, node: nodeName }, 'termination grace period over; removing the machine with pods left on it');
    return undefined;
  }
  const result = await drainNode(ctx, claim, node);
  if (result === undefined || graceLeft === undefined) return result;
  return { requeueAfterMs: Math.min(result.requeueAfterMs ?? graceLeft, graceLeft) };
}

/** The provider that can remove the claim's machine: its pool's, else a running one of the same provider (its pool was removed). */
function providerFor(ctx: LifecycleContext, claim: NodeClaimObject): NodeProvider | undefined {
  const poolName = poolNameOf(claim);
  const own = poolName === undefined ? undefined : ctx.providers.get(poolName);
  if (own !== undefined) return own.provider;
  const providerName = claim.metadata.labels?.[NodePoolLabels.provider];
  return ctx.providers.running().find((p) => p.pool.spec.provider === providerName)?.provider;
}

/** Removes the claim's machine; a Result when that must wait, undefined once it is gone. */
async function removeMachine(ctx: LifecycleContext, claim: NodeClaimObject): Promise<Result | undefined> {
  const provider = providerFor(ctx, claim);
  let providerID = claim.status?.providerID;
  if (providerID === undefined) {
    // Launched but not yet recorded (a crash in between): the machine carries the claim's name.
    if (provider === undefined) return undefined;
    providerID = (await provider.list()).find((i) => i.claim === claim.metadata.name)?.providerId;
    if (providerID === undefined) return undefined;
  }
  if (provider === undefined) {
    const message = `no running provider for node pool ${poolNameOf(claim) ?? '(none)'}; machine ${providerID} cannot be removed until it runs again`;
    ctx.events.record(asNodeClaim(claim), 'Warning', 'FailedTermination', message);
    return { requeueAfterMs: ctx.options.providerRetryMs };
  }
  try {
    await provider.delete(providerID);
  } catch (error) {
    if (error instanceof ThrottledError) return { requeueAfterMs: error.retryAfterMs };
    if (!(error instanceof InstanceNotFoundError)) throw error;
  }
  return undefined;
}
