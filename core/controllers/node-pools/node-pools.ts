import type { Logger } from 'pino';
import type { ApiClient } from '../../client/api-client.ts';
import {
  isNodeProviderError,
  NodePoolLabels,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderFactory,
  type ClusterAccess,
} from '../../contracts/node-provider.ts';
import type { ExtensionPoint } from '../../kernel/plugin.ts';
import type { KubernelConfig } from '../../kernel/config-schema.ts';
import type { Clock } from '../../kernel/core-tokens.ts';
import { KernelError } from '../../kernel/errors.ts';
import { validateWithSchema } from '../../kernel/standard-schema.ts';
import { settleConcurrently } from '../../api/concurrency.ts';
import { leftoverInstances, planPoolNodes } from './plan.ts';
import { createWithRetry } from './launch.ts';

export type NodePoolConfig = KubernelConfig['nodePools'][number];

/** A pool whose provider exists and whose options passed its schema. */
export interface PreparedPool {
  name: string;
  /** `nodePools[i]`, for messages */
  configPath: string;
  min: number | undefined;
  max: number | undefined;
  factory: NodeProviderFactory;
  options: unknown;
  /** nodes it has from the start: max(min, the provider's initial count) */
  desired: number;
}

export interface NodePoolsDeps {
  client: ApiClient;
  logger: Logger;
  clock?: Clock;
  cluster?: ClusterAccess;
  contributions?<T>(point: ExtensionPoint<T>): T[];
}

export interface RunningNodePools {
  readonly pools: ReadonlyArray<{ name: string; provider: NodeProvider }>;
  /** stops the providers' background work; the nodes stay */
  stop(): Promise<void>;
}

/**
 * Checks kubernel.yaml's `nodePools` against the providers plugins offer,
 * before anything starts: every problem is a KernelError naming its YAML path
 * (`nodePools[0].options.count: ...`).
 */
export async function prepareNodePools(pools: readonly NodePoolConfig[], factories: readonly NodeProviderFactory[]): Promise<PreparedPool[]> {
  const prepared: PreparedPool[] = [];
  const seen = new Set<string>();
  for (const [index, pool] of pools.entries()) {
    const configPath = `nodePools[${index}]`;
    if (seen.has(pool.name)) throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `${configPath}.name: Duplicate value: "${pool.name}"`);
    seen.add(pool.name);
    if (pool.min !== undefined && pool.max !== undefined && pool.min > pool.max) {
      throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `${configPath}.min: Invalid value: ${pool.min}: must be less than or equal to max (${pool.max})`);
    }
    const factory = factories.find((f) => f.name === pool.provider);
    if (factory === undefined) {
      const known = factories.map((f) => f.name).sort().join(', ') || '(none)';
      throw new KernelError('KERNEL_ERR_UNKNOWN_PLUGIN', `${configPath}.provider: unknown node provider "${pool.provider}"; available: ${known}`);
    }
    const result = await validateWithSchema(factory.optionsSchema, pool.options ?? {}, `${configPath}.options`);
    if (!result.ok) {
      throw new KernelError('KERNEL_ERR_PLUGIN_OPTIONS', `node pool ${pool.name} has invalid options:\n  ${result.errors.join('\n  ')}`);
    }
    const initial = factory.initialNodeCount?.(result.value) ?? 0;
    if (pool.max !== undefined && initial > pool.max) {
      throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `${configPath}: its ${pool.provider} options start ${initial} nodes, more than max (${pool.max})`);
    }
    const desired = Math.max(pool.min ?? 0, initial);
    prepared.push({ name: pool.name, configPath, min: pool.min, max: pool.max, factory, options: result.value, desired });
  }
  return prepared;
}

/**
 * Makes each pool have its nodes: starts its provider, keeps the nodes an
 * earlier run left (up to what the pool wants), launches the missing ones and
 * removes the rest, and removes machines of pools kubernel.yaml no longer has.
 * Resolves once every pool has its nodes; a launch that fails is logged, not fatal.
 */
export async function startPreparedNodePools(prepared: readonly PreparedPool[], deps: NodePoolsDeps): Promise<RunningNodePools> {
  const clock = deps.clock ?? { now: () => new Date() };
  const started: { name: string; provider: NodeProvider }[] = [];
  const stop = async (): Promise<void> => {
    for (const { name, provider } of started.splice(0).reverse()) {
      await provider.stop?.().catch((error: unknown) => deps.logger.error({ err: error, pool: name }, 'node pool failed to stop'));
    }
  };
  for (const pool of prepared) {
    const logger = deps.logger.child({ nodePool: pool.name });
    const provider = pool.factory.create(pool.options, {
      pool: { name: pool.name, min: pool.min, max: pool.max },
      client: deps.client,
      logger,
      clock,
      cluster: deps.cluster,
      contributions: <T>(point: ExtensionPoint<T>): T[] => deps.contributions?.(point) ?? [],
    });
    try {
      await provider.start?.();
    } catch (error) {
      await stop();
      throw new KernelError('KERNEL_ERR_LIFECYCLE', `node pool ${pool.name} (${pool.configPath}) failed to start: ${(error as Error).message}`);
    }
    started.push({ name: pool.name, provider });
  }
  try {
    await reconcilePools(prepared, started, deps.logger);
  } catch (error) {
    await stop();
    throw new KernelError('KERNEL_ERR_LIFECYCLE', `node pools failed to start: ${(error as Error).message}`);
  }
  return { pools: [...started], stop };
}

/** prepareNodePools, then startPreparedNodePools. */
export async function startNodePools(pools: readonly NodePoolConfig[], factories: readonly NodeProviderFactory[], deps: NodePoolsDeps): Promise<RunningNodePools> {
  return startPreparedNodePools(await prepareNodePools(pools, factories), deps);
}

async function reconcilePools(prepared: readonly PreparedPool[], started: readonly { name: string; provider: NodeProvider }[], logger: Logger): Promise<void> {
  // One list per provider: it reports the machines of all its pools, removed ones included.
  const byProvider = new Map<string, { provider: NodeProvider; pools: Set<string>; instances: NodeInstance[] }>();
  for (const [index, pool] of prepared.entries()) {
    const provider = started[index]?.provider;
    if (provider === undefined) continue;
    const group = byProvider.get(pool.factory.name);
    if (group === undefined) byProvider.set(pool.factory.name, { provider, pools: new Set([pool.name]), instances: await provider.list() });
    else group.pools.add(pool.name);
  }
  for (const [index, pool] of prepared.entries()) {
    const provider = started[index]?.provider;
    const group = byProvider.get(pool.factory.name);
    if (provider === undefined || group === undefined) continue;
    const plan = planPoolNodes(pool.name, pool.desired, group.instances.filter((i) => i.pool === pool.name));
    const removed = await removeAll(provider, plan.remove, logger);
    const labels = { [NodePoolLabels.pool]: pool.name, [NodePoolLabels.provider]: pool.factory.name };
    const results = await settleConcurrently(plan.create, provider.capabilities.maxConcurrentCreates, (name) =>
      createWithRetry(provider, { name, pool: pool.name, labels, taints: [] }),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) logger.warn({ nodePool: pool.name, failed: failures.length, err: failures[0]?.reason }, 'some nodes of the pool could not be launched');
    logger.info({ nodePool: pool.name, provider: pool.factory.name, nodes: pool.desired - failures.length, created: plan.create.length - failures.length, removed }, 'node pool ready');
  }
  for (const [name, group] of byProvider) {
    const leftovers = leftoverInstances(group.pools, group.instances);
    if (leftovers.length === 0) continue;
    const removed = await removeAll(group.provider, leftovers, logger);
    logger.info({ provider: name, removed, pools: [...new Set(leftovers.map((i) => i.pool))] }, 'removed nodes of pools no longer configured');
  }
}

/** Removes machines; one already gone counts as removed. Returns how many are gone. */
async function removeAll(provider: NodeProvider, instances: readonly NodeInstance[], logger: Logger): Promise<number> {
  const results = await settleConcurrently(instances, provider.capabilities.maxConcurrentCreates, (i) => provider.delete(i.providerId));
  let removed = 0;
  for (const [index, result] of results.entries()) {
    if (result.status === 'fulfilled' || isNodeProviderError(result.reason, 'NODE_PROVIDER_ERR_NOT_FOUND')) removed++;
    else logger.warn({ err: result.reason, node: instances[index]?.nodeName }, 'could not remove a node');
  }
  return removed;
}
