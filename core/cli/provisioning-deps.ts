import type { Logger } from 'pino';
import type { ApiClient } from '../client/api-client.ts';
import { nodeProviders, type ClusterAccess } from '../contracts/node-provider.ts';
import { schedulingPlugins } from '../contracts/scheduling.ts';
import type { PreparedPool, RunningNodePools } from '../controllers/node-pools/node-pools.ts';
import type { ProvisioningDeps } from '../controllers/provisioner/index.ts';
import type { KubernelConfig, NodePoolEntry } from '../kernel/config-schema.ts';
import type { Kernel } from '../kernel/kernel.ts';

/**
 * A kubernel.yaml pool without `max` keeps the nodes it starts with: its
 * NodePool gets that count as max, so `count: 1` stays one node and only a
 * pool that says `max` grows on demand. (A NodePool made with kubectl has
 * no such default: without max or limits it grows as pods need.)
 */
export function configPoolsWithMax(entries: readonly NodePoolEntry[], prepared: readonly PreparedPool[]): NodePoolEntry[] {
  return entries.map((entry) => (entry.max !== undefined ? entry : { ...entry, max: prepared.find((p) => p.name === entry.name)?.desired ?? entry.min ?? 0 }));
}

/** What the provisioning controllers need from the composition root. */
export function provisioningDeps(
  config: KubernelConfig,
  prepared: readonly PreparedPool[],
  started: RunningNodePools | undefined,
  parts: { client: ApiClient; logger: Logger; cluster: ClusterAccess; kernel: Kernel },
): ProvisioningDeps {
  const settings = config.controllers.provisioning;
  return {
    client: parts.client,
    logger: parts.logger.child({ component: 'provisioning' }),
    factories: parts.kernel.contributionsTo(nodeProviders),
    schedulingPlugins: parts.kernel.contributionsTo(schedulingPlugins),
    cluster: parts.cluster,
    contributions: (point) => parts.kernel.contributionsTo(point),
    configPools: configPoolsWithMax(config.nodePools, prepared),
    startedPools: started?.pools ?? [],
    window: { idleMs: settings.batchIdleSeconds * 1000, maxMs: settings.batchMaxSeconds * 1000 },
    lifecycle: { registrationTTLMs: settings.registrationTimeoutSeconds * 1000, leakSweepIntervalMs: settings.leakSweepSeconds * 1000 },
    disruption: { intervalMs: settings.disruptionIntervalSeconds * 1000 },
  };
}
