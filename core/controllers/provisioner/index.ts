/**
 * Nodes on demand (issue 6), as the composition root starts them: the
 * NodeClaim lifecycle (a provider per NodePool; launch, registration,
 * termination, leaked machines), the provisioner (pending pods → NodeClaims)
 * and the disruption controller (empty and underused nodes go), all on the
 * control plane's ControllerManager and its shared informers.
 */
import type { Logger } from 'pino';
import type { ApiClient } from '../../client/api-client.ts';
import type { ClusterAccess, NodeProvider, NodeProviderFactory } from '../../contracts/node-provider.ts';
import type { SchedulingPluginContribution } from '../../contracts/scheduling.ts';
import type { NodePoolEntry } from '../../kernel/config-schema.ts';
import type { ExtensionPoint } from '../../kernel/plugin.ts';
import type { ControllerManager } from '../framework/manager.ts';
import { DEFAULT_BATCH_WINDOW, type BatchWindow } from './batcher.ts';
import { startDisruptionController, type DisruptionController } from './disruption/index.ts';
import { NodeNominations } from './node-nominations.ts';
import { claimBootstrapTokens, startNodeClaimControllers, type LifecycleOptions, type PoolProviders } from './lifecycle/index.ts';
import { setupProvisioner } from './provisioner.ts';

/** How long a new machine's bootstrap token is good for: enough to boot and join, short enough not to matter once it leaks. */
const BOOTSTRAP_TOKEN_TTL_MS = 30 * 60_000;

export interface ProvisioningDeps {
  client: ApiClient;
  logger: Logger;
  factories: readonly NodeProviderFactory[];
  schedulingPlugins: readonly SchedulingPluginContribution[];
  cluster: ClusterAccess | undefined;
  contributions<T>(point: ExtensionPoint<T>): T[];
  /** kubernel.yaml's pools, written as NodePool objects */
  configPools: readonly NodePoolEntry[];
  /** the providers node-pools started for those pools, reused rather than started twice */
  startedPools: ReadonlyArray<{ name: string; provider: NodeProvider }>;
  window?: BatchWindow;
  lifecycle?: Partial<LifecycleOptions>;
  disruption?: { intervalMs?: number; wakeDelayMs?: number };
}

export interface RunningProvisioning {
  readonly providers: PoolProviders;
  /** starts what runs beside the manager's controllers (the disruption loop) once the manager runs */
  afterManagerStart(): Promise<void>;
  stop(): Promise<void>;
}

/** Registers the lifecycle and provisioner controllers on `manager`, which must not have started yet. */
export async function registerProvisioning(manager: ControllerManager, deps: ProvisioningDeps): Promise<RunningProvisioning> {
  const lifecycle = await startNodeClaimControllers({
    client: deps.client,
    logger: deps.logger,
    factories: deps.factories,
    issueBootstrapToken: claimBootstrapTokens(deps.client, BOOTSTRAP_TOKEN_TTL_MS),
    ...(deps.cluster === undefined ? {} : { cluster: deps.cluster }),
    contributions: deps.contributions,
    configPools: deps.configPools,
    startedPools: deps.startedPools,
    manager,
    ...(deps.lifecycle === undefined ? {} : { options: deps.lifecycle }),
  });
  const instanceTypesOf = (pool: { metadata: { name?: string } }): ReturnType<NodeProvider['instanceTypes']> | undefined =>
    lifecycle.providers.get(pool.metadata.name ?? '')?.provider.instanceTypes();
  const nominations = NodeNominations.forBatchMaxMs((deps.window ?? DEFAULT_BATCH_WINDOW).maxMs);
  manager.add((ctx) => setupProvisioner(ctx, { schedulingPlugins: deps.schedulingPlugins, instanceTypesOf, nominations, ...(deps.window === undefined ? {} : { window: deps.window }) }));
  let disruption: DisruptionController | undefined;
  return {
    providers: lifecycle.providers,
    afterManagerStart: async () => {
      disruption = await startDisruptionController({
        client: deps.client,
        logger: deps.logger,
        informers: manager.informers,
        schedulingPlugins: deps.schedulingPlugins,
        instanceTypesOf: (pool) => instanceTypesOf(pool) ?? [],
        nominations,
        ...(deps.disruption?.intervalMs === undefined ? {} : { intervalMs: deps.disruption.intervalMs }),
        ...(deps.disruption?.wakeDelayMs === undefined ? {} : { wakeDelayMs: deps.disruption.wakeDelayMs }),
      });
    },
    stop: async () => {
      await disruption?.stop();
      await lifecycle.stop();
    },
  };
}
