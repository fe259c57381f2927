import { isApiError } from '../../../api/errors.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import type { EventRecorder } from '../../framework/event-recorder.ts';
import type { IndexedCache } from '../../framework/indexed-cache.ts';
import { DONE, type Reconciler, type Result } from '../../framework/result.ts';
import { sameConditions, setConditions } from '../../../api/kinds/nodepool/conditions.ts';
import { readNodeClaim, readNodePool } from '../../../api/kinds/nodepool/read.ts';
import { canonicalJson } from '../../../store/object-meta.ts';
import { LifecycleIndexes } from './lifecycle-context.ts';
import type { LifecycleOptions } from './options.ts';
import type { PoolProviders } from './pool-providers.ts';
import { poolReadyCondition, poolResources } from './pool-status.ts';
import { Resources } from '../../../client/resources.ts';
import { asNodePool } from './type-meta.ts';

export interface NodePoolReconcilerDeps {
  client: ApiClient;
  providers: PoolProviders;
  pools: IndexedCache;
  /** claims, indexed by `nodePool` */
  claims: IndexedCache;
  /** nodes, indexed by `nodePool` (their pool label) */
  nodes: IndexedCache;
  clock: Clock;
  events: EventRecorder;
  options: Pick<LifecycleOptions, 'providerRetryMs'>;
  /** a pool's provider has just started: its waiting claims can launch */
  onProviderReady(poolName: string): void;
}

/**
 * Keeps each NodePool's provider running as its spec says and reports on
 * the pool: Ready (the provider runs, or why not) and status.resources (the
 * capacity of its claims). A removed pool's provider runs on until its last
 * claim is gone, so those claims can still remove their machines.
 */
export class NodePoolReconciler implements Reconciler {
  readonly name = 'nodepool-providers';

  constructor(private readonly deps: NodePoolReconcilerDeps) {}

  async reconcile(poolName: string): Promise<Result> {
    const { providers } = this.deps;
    const cached = this.deps.pools.get(poolName);
    const claims = this.deps.claims.byIndex(LifecycleIndexes.nodePool, poolName).map(readNodeClaim);
    if (cached === undefined || cached.metadata.deletionTimestamp !== undefined) {
      if (claims.length === 0) await providers.remove(poolName);
      return DONE;
    }
    const wasReady = providers.get(poolName) !== undefined;
    const state = await providers.ensure(readNodePool(cached));
    if (state.ready && !wasReady) this.deps.onProviderReady(poolName);
    await this.writeStatus(cached, poolReadyCondition(state), poolResources(claims, this.deps.nodes.byIndex(LifecycleIndexes.nodePool, poolName)));
    return !state.ready && state.reason === 'ProviderStartFailed' ? { requeueAfterMs: this.deps.options.providerRetryMs } : DONE;
  }

  private async writeStatus(cached: KubeObject, ready: ReturnType<typeof poolReadyCondition>, resources: Record<string, string>): Promise<void> {
    const pool = readNodePool(cached);
    const current = pool.status?.conditions ?? [];
    const conditions = setConditions(current, [ready], this.deps.clock.now(), cached.metadata.generation);
    const before = current.find((c) => c.type === 'Ready');
    if (ready.status === 'False' && (before?.status !== 'False' || before.message !== ready.message)) {
      this.deps.events.record(asNodePool(cached), 'Warning', ready.reason, ready.message ?? '');
    }
    if (sameConditions(current, conditions) && canonicalJson(pool.status?.resources ?? {}) === canonicalJson(resources)) return;
    const status = { ...(typeof cached['status'] === 'object' && cached['status'] !== null ? cached['status'] : {}), conditions, resources };
    try {
      await this.deps.client.update(Resources.nodePools, { ...cached, status }, { subresource: 'status' });
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
  }
}
