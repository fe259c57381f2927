import type { Logger } from 'pino';
import type { ApiClient } from '../../../client/api-client.ts';
import type { ClusterAccess, NodeProvider, NodeProviderFactory } from '../../../contracts/node-provider.ts';
import type { NodePoolEntry } from '../../../kernel/config-schema.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import type { ExtensionPoint } from '../../../kernel/plugin.ts';
import { EventRecorder } from '../../framework/event-recorder.ts';
import { ControllerManager } from '../../framework/manager.ts';
import { objectKeyOf } from '../../framework/result.ts';
import { syncConfigNodePools } from './config-pools.ts';
import { LeakSweeper } from './leak-sweeper.ts';
import { LifecycleIndexes } from './lifecycle-context.ts';
import { lifecycleInformers } from './lifecycle-informers.ts';
import { EVENT_COMPONENT } from './names.ts';
import { setupNodeClaimController } from './nodeclaim-controller.ts';
import { setupNodePoolController } from './nodepool-controller.ts';
import { DEFAULT_LIFECYCLE_OPTIONS, type LifecycleOptions } from './options.ts';
import { PoolProviders } from './pool-providers.ts';

export interface NodeClaimControllersDeps {
  client: ApiClient;
  logger: Logger;
  /** the `nodeProviders` contributions of the loaded plugins */
  factories: readonly NodeProviderFactory[];
  /** a short-lived bootstrap token a new machine's agent joins with (createBootstrapToken of core/index.ts) */
  issueBootstrapToken(claimName: string): Promise<string>;
  clock?: Clock;
  /** how new machines reach the control plane; undefined without one (tests) */
  cluster?: ClusterAccess;
  contributions?<T>(point: ExtensionPoint<T>): T[];
  /** kubernel.yaml's `nodePools`, written as NodePool objects before the controllers start */
  configPools?: readonly NodePoolEntry[];
  /**
   * Providers node-pools already started for kubernel.yaml's pools
   * (RunningNodePools.pools): reused for those NodePools while their provider
   * and options stay as in the file, so no pool runs two providers.
   */
  startedPools?: ReadonlyArray<{ name: string; provider: NodeProvider }>;
  options?: Partial<LifecycleOptions>;
  /**
   * The ControllerManager to run on, sharing its informers with the other
   * controllers of the process; it must not have started yet, and its owner
   * starts and stops it. Default: a manager of the lifecycle's own.
   */
  manager?: ControllerManager;
}

export interface RunningNodeClaimControllers {
  /** one started provider per NodePool */
  readonly providers: PoolProviders;
  /** stops the controllers, the leak sweep and the providers this started; machines stay */
  stop(): Promise<void>;
}

/**
 * The NodeClaim lifecycle: writes kubernel.yaml's pools as NodePool objects,
 * then runs the NodePool controller (a provider per pool, pool status), the
 * NodeClaim controller (launch, registration, termination) and the sweep of
 * leaked machines. Resolves once they run; they act once their caches sync.
 */
export async function startNodeClaimControllers(deps: NodeClaimControllersDeps): Promise<RunningNodeClaimControllers> {
  const options: LifecycleOptions = { ...DEFAULT_LIFECYCLE_OPTIONS, ...deps.options };
  const clock = deps.clock ?? { now: () => new Date() };
  const logger = deps.logger.child({ component: 'nodeclaim-lifecycle' });
  if (deps.configPools !== undefined) await syncConfigNodePools(deps.client, deps.configPools, logger);

  const providers = new PoolProviders({
    client: deps.client,
    logger,
    clock,
    cluster: deps.cluster,
    factories: deps.factories,
    ...(deps.contributions === undefined ? {} : { contributions: deps.contributions }),
    adopted: (deps.startedPools ?? []).flatMap(({ name, provider }) => {
      const entry = deps.configPools?.find((p) => p.name === name);
      return entry === undefined ? [] : [{ name, provider, spec: { provider: entry.provider, options: entry.options } }];
    }),
  });
  const ownManager = deps.manager === undefined ? new ControllerManager(deps.client, logger) : undefined;
  const manager = deps.manager ?? ownManager;
  if (manager === undefined) throw new Error('unreachable: no controller manager');
  const informers = lifecycleInformers(manager.informers);
  const claimController = manager.add((ctx) =>
    setupNodeClaimController(ctx, { informers, providers, clock, options, issueBootstrapToken: (name) => deps.issueBootstrapToken(name) }),
  );
  manager.add((ctx) =>
    setupNodePoolController(ctx, {
      informers,
      providers,
      clock,
      options,
      // Claims that waited for their pool's provider launch as soon as it runs.
      onProviderReady: (pool) => {
        for (const claim of informers.claims.cache.byIndex(LifecycleIndexes.nodePool, pool)) claimController.enqueue(objectKeyOf(claim.metadata));
      },
    }),
  );
  const sweeper = new LeakSweeper({
    client: deps.client,
    providers,
    claims: informers.claims,
    pools: informers.pools,
    events: new EventRecorder(deps.client, EVENT_COMPONENT, logger),
    logger,
    clock,
    options,
  });
  ownManager?.start();
  sweeper.start();
  return {
    providers,
    stop: async () => {
      await sweeper.stop();
      await ownManager?.stop();
      await providers.stop();
    },
  };
}
