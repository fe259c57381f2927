import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { CapacityExhaustedError, NodePoolLabels, QuotaExceededError, ThrottledError, type NodeInstance } from '../../../contracts/node-provider.ts';
import { DONE, type Result } from '../../framework/result.ts';
import { setConditions } from '../../../api/kinds/nodepool/conditions.ts';
import { formatGoDuration } from '../../../api/kinds/nodepool/duration.ts';
import { readNodeClaim } from '../../../api/kinds/nodepool/read.ts';
import { addClaimLabels, deleteClaim, writeClaimStatus } from './claim-writes.ts';
import { claimLabelsFor, launchedMessage, nodeLabelsFor, podCountOf, resourcesOf, type Launched } from './launch-result.ts';
import { describeNext, launchOfferings, nextOfferingIndex, type LaunchFailure, type Offering } from './launch-plan.ts';
import type { LifecycleContext } from './lifecycle-context.ts';
import { poolNameOf } from './claim-pool.ts';
import { registrationTimeLeft } from './registration-state.ts';
import type { ReadyPoolProvider } from './pool-providers.ts';
import { Resources } from '../../../client/resources.ts';
import { asNodeClaim } from './type-meta.ts';

/**
 * Launches the machine of a claim that has none: adopts one a crash left
 * behind, else tries the claim's candidate offerings in order, falling back
 * on capacity and quota refusals, and records what it became.
 */
export async function launchClaim(ctx: LifecycleContext, cached: NodeClaimObject): Promise<Result> {
  const name = cached.metadata.name ?? '';
  const poolName = poolNameOf(cached);
  const entry = poolName === undefined ? undefined : ctx.providers.get(poolName);
  if (entry === undefined) {
    const state = poolName === undefined ? undefined : ctx.providers.state(poolName);
    const why = poolName === undefined ? 'the claim names no node pool' : state?.ready === false ? state.message : `node pool ${poolName} has no running provider`;
    // As for a node that never joins: after the registration TTL the claim goes, and the provisioner plans again.
    if (registrationTimeLeft(cached, ctx.options.registrationTTLMs, ctx.clock.now()) <= 0) {
      ctx.events.record(asNodeClaim(cached), 'Warning', 'LaunchFailed', `could not launch within ${formatGoDuration(ctx.options.registrationTTLMs)}: ${why}; removing the claim`);
      await deleteClaim(ctx.client, cached);
      return DONE;
    }
    ctx.events.record(asNodeClaim(cached), 'Warning', 'LaunchFailed', `cannot launch yet: ${why}`);
    return { requeueAfterMs: ctx.options.providerRetryMs };
  }
  // The cache may not have seen a status this controller wrote a moment ago; a launch is worth a read.
  const claim = readNodeClaim(await ctx.client.get(Resources.nodeClaims, undefined, name));
  if (claim.status?.providerID !== undefined || claim.metadata.deletionTimestamp !== undefined) return DONE;

  const { provider } = entry;
  // A crash between create and the status write left a machine tagged with this claim: adopt it rather than launch twice.
  const orphan = (await provider.list()).find((i) => i.claim === name);
  if (orphan !== undefined) return recordLaunch(ctx, claim, entry, { providerId: orphan.providerId, nodeName: orphan.nodeName }, launchedOf(entry, orphan), 'adopted');

  const offerings = launchOfferings(claim.spec.requirements, provider.instanceTypes(), provider.capabilities);
  if (offerings.length === 0) {
    const message = `no instance type the claim allows is offered by node pool ${entry.poolName} (provider ${provider.name}); removing the claim`;
    ctx.events.record(asNodeClaim(claim), 'Warning', 'LaunchFailed', message);
    await deleteClaim(ctx.client, claim);
    return DONE;
  }
  // Providers that write their Node objects themselves have no agent to hand a token to.
  const bootstrapToken = provider.capabilities.registersNodes ? undefined : await ctx.issueBootstrapToken(name);
  for (let index: number | undefined = 0; index !== undefined; ) {
    const offering: Offering | undefined = offerings[index];
    if (offering === undefined) break;
    const launched: Launched = offering;
    try {
      const created = await provider.create({
        name,
        pool: entry.poolName,
        instanceType: offering.instanceType.name,
        ...(offering.zone === undefined ? {} : { zone: offering.zone }),
        capacityType: offering.capacityType,
        labels: nodeLabelsFor(claim, entry.pool, launched),
        taints: claim.spec.taints ?? entry.pool.spec.template?.spec?.taints ?? [],
        ...(bootstrapToken === undefined ? {} : { bootstrapToken }),
      });
      return await recordLaunch(ctx, claim, entry, created, launched, 'launched');
    } catch (error) {
      if (error instanceof ThrottledError) {
        ctx.logger.info({ nodeClaim: name, retryAfterMs: error.retryAfterMs }, 'provider throttled the launch; waiting');
        return { requeueAfterMs: error.retryAfterMs };
      }
      const failure: LaunchFailure | undefined = error instanceof CapacityExhaustedError ? 'capacity' : error instanceof QuotaExceededError ? 'quota' : undefined;
      if (failure === undefined) {
        ctx.events.record(asNodeClaim(claim), 'Warning', 'LaunchFailed', `launching ${offering.instanceType.name} failed: ${messageOf(error)}`);
        throw error;
      }
      const next = nextOfferingIndex(offerings, index, failure);
      const nextOffering = next === undefined ? undefined : offerings[next];
      const then = nextOffering === undefined ? 'no candidates left' : `trying ${describeNext(offering, nextOffering)}`;
      const prefix = failure === 'capacity' ? 'InsufficientCapacity' : 'QuotaExceeded';
      ctx.events.record(asNodeClaim(claim), 'Warning', 'LaunchFailed', `${prefix}: ${messageOf(error)}; ${then}`);
      index = next;
    }
  }
  const tried = [...new Set(offerings.map((o) => o.instanceType.name))].join(', ');
  ctx.events.record(
    asNodeClaim(claim),
    'Warning',
    'InsufficientCapacityError',
    `NodeClaim ${name} event: every candidate was unavailable (${tried}); removing the claim so the provisioner plans again`,
  );
  await deleteClaim(ctx.client, claim);
  return DONE;
}

/** What an adopted machine is, from the provider's catalog; a type the catalog lost keeps its name and no resources. */
function launchedOf(entry: ReadyPoolProvider, instance: NodeInstance): Launched {
  const catalog = entry.provider.instanceTypes();
  const type =
    catalog.find((t) => t.name === instance.instanceType && t.capacityType === instance.capacityType) ??
    catalog.find((t) => t.name === instance.instanceType) ?? {
      name: instance.instanceType,
      cpuMillis: 0,
      memoryBytes: 0,
      pods: 0,
      arch: 'amd64',
      zones: [instance.zone],
      capacityType: instance.capacityType,
      pricePerHour: 0,
    };
  return { instanceType: type, zone: instance.zone === '' ? undefined : instance.zone, capacityType: instance.capacityType };
}

async function recordLaunch(
  ctx: LifecycleContext,
  claim: NodeClaimObject,
  entry: ReadyPoolProvider,
  machine: { providerId: string; nodeName: string },
  launched: Launched,
  verb: 'launched' | 'adopted',
): Promise<Result> {
  const { providerId: providerID, nodeName } = machine;
  const message = launchedMessage(launched, podCountOf(claim));
  const resources = resourcesOf(launched.instanceType);
  const conditions = setConditions(
    claim.status?.conditions ?? [],
    [
      { type: 'Launched', status: 'True', reason: 'Launched', message: verb === 'adopted' ? `${message} (adopted after a restart)` : message },
      { type: 'Registered', status: 'Unknown', reason: 'NodeNotFound', message: 'Node not registered with cluster' },
      { type: 'Initialized', status: 'Unknown', reason: 'NotRegistered', message: 'Node not registered with cluster' },
      { type: 'Ready', status: 'Unknown', reason: 'NotRegistered', message: 'Node not registered with cluster' },
    ],
    ctx.clock.now(),
    claim.metadata.generation,
  );
  // The status first: once providerID is recorded, a retry never launches again.
  const written = await writeClaimStatus(ctx.client, claim, { providerID, nodeName, capacity: resources, allocatable: resources, conditions });
  await addClaimLabels(ctx.client, written, { ...claimLabelsFor(launched), [NodePoolLabels.provider]: entry.pool.spec.provider });
  ctx.events.record(asNodeClaim(claim), 'Normal', 'Launched', message);
  ctx.logger.info({ nodeClaim: claim.metadata.name, providerID, nodeName, verb }, message);
  return DONE;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
