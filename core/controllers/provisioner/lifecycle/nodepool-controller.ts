import type { KubeObject } from '../../../api/types/meta.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import { Controller } from '../../framework/controller.ts';
import { WellKnownLabels } from '../../../api/kinds/nodepool/types.ts';
import type { ControllerContext } from '../../framework/manager.ts';
import type { LifecycleInformers } from './lifecycle-informers.ts';
import { EVENT_COMPONENT } from './names.ts';
import { NodePoolReconciler } from './nodepool-reconciler.ts';
import { poolNameOf } from './claim-pool.ts';
import type { LifecycleOptions } from './options.ts';
import type { PoolProviders } from './pool-providers.ts';

export interface NodePoolControllerDeps {
  informers: LifecycleInformers;
  providers: PoolProviders;
  clock: Clock;
  options: Pick<LifecycleOptions, 'providerRetryMs'>;
  onProviderReady(poolName: string): void;
}

const NODE_BURST_DELAY_MS = 1_000;

/** The NodePool controller: one provider per pool, and the pool's status. */
export function setupNodePoolController(ctx: ControllerContext, deps: NodePoolControllerDeps): Controller {
  const { pools, claims, nodes } = deps.informers;
  const logger = ctx.logger.child({ controller: 'nodepool-providers' });
  const reconciler = new NodePoolReconciler({
    client: ctx.client,
    providers: deps.providers,
    pools: pools.cache,
    claims: claims.cache,
    nodes: nodes.cache,
    clock: deps.clock,
    events: ctx.events(EVENT_COMPONENT),
    options: deps.options,
    onProviderReady: deps.onProviderReady,
  });
  // Several pools' providers start at once; one pool is never reconciled twice at once.
  const controller = new Controller(reconciler, { workers: 4, logger });
  const enqueuePool = (pool: KubeObject): void => controller.enqueue(pool.metadata.name ?? '');
  pools.addHandlers({ onAdd: enqueuePool, onUpdate: (_old, pool) => enqueuePool(pool), onDelete: enqueuePool });
  // Claims change the pool's resources, and a removed pool's provider waits for its last claim.
  const enqueueClaimPool = (claim: KubeObject): void => {
    const pool = poolNameOf(claim);
    if (pool !== undefined) controller.enqueue(pool);
  };
  claims.addHandlers({ onAdd: enqueueClaimPool, onUpdate: (_old, claim) => enqueueClaimPool(claim), onDelete: enqueueClaimPool });
  // A pool's nodes count in its resources; their status heartbeats do not change that, so only arrivals and
  // departures wake it, a second after the last of a burst (thousands of simulated nodes join at once).
  const enqueueNodePool = (node: KubeObject): void => {
    const pool = node.metadata.labels?.[WellKnownLabels.nodePool];
    if (pool !== undefined && pool !== '') controller.queue.addAfter(pool, NODE_BURST_DELAY_MS);
  };
  nodes.addHandlers({ onAdd: enqueueNodePool, onDelete: enqueueNodePool });
  return controller;
}
