import type { Logger } from 'pino';
import { isApiError } from '../../../api/errors.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { InstanceNotFoundError, type NodeInstance } from '../../../contracts/node-provider.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import type { EventRecorder } from '../../framework/event-recorder.ts';
import type { SharedInformer } from '../../framework/shared-informer.ts';
import { leakedMachines } from './leaked-machines.ts';
import type { LifecycleOptions } from './options.ts';
import type { PoolProviders } from './pool-providers.ts';
import { Resources } from '../../../client/resources.ts';
import { asNodePool } from './type-meta.ts';

export interface LeakSweeperDeps {
  client: ApiClient;
  providers: PoolProviders;
  claims: SharedInformer;
  pools: SharedInformer;
  events: EventRecorder;
  logger: Logger;
  clock: Clock;
  options: Pick<LifecycleOptions, 'leakSweepIntervalMs' | 'leakMinAgeMs'>;
}

/** Every interval, removes machines of every running pool provider whose NodeClaim is gone. */
export class LeakSweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly deps: LeakSweeperDeps) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.sweeping !== undefined) return;
      this.sweeping = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'leaked machine sweep failed'))
        .finally(() => (this.sweeping = undefined));
    }, this.deps.options.leakSweepIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass; resolves with the machines removed. */
  async sweep(): Promise<NodeInstance[]> {
    // Before the claims are listed, every machine would look leaked.
    if (!this.deps.claims.hasSynced) return [];
    const removed: NodeInstance[] = [];
    const seen = new Set<string>();
    for (const entry of this.deps.providers.running()) {
      const instances = (await entry.provider.list()).filter((i) => !seen.has(i.providerId));
      for (const i of instances) seen.add(i.providerId);
      const leaked = leakedMachines(instances, (name) => this.deps.claims.cache.get(name) !== undefined, this.deps.clock.now(), this.deps.options.leakMinAgeMs);
      for (const instance of leaked) {
        if (await this.claimExists(instance.claim ?? '')) continue;
        try {
          await entry.provider.delete(instance.providerId);
        } catch (error) {
          if (!(error instanceof InstanceNotFoundError)) {
            this.deps.logger.warn({ err: error, providerID: instance.providerId }, 'could not remove a leaked machine');
            continue;
          }
        }
        removed.push(instance);
        const message = `removed machine ${instance.providerId} (node ${instance.nodeName}): its NodeClaim ${instance.claim ?? ''} no longer exists`;
        this.deps.logger.info({ nodePool: instance.pool, providerID: instance.providerId, nodeClaim: instance.claim }, message);
        const pool = this.deps.pools.cache.get(instance.pool === '' ? entry.poolName : instance.pool) ?? entry.pool;
        this.deps.events.record(asNodePool(pool), 'Normal', 'LeakedMachineRemoved', message);
      }
    }
    return removed;
  }

  /** The cache may lag a claim just made: the API has the last word before a machine goes. */
  private async claimExists(name: string): Promise<boolean> {
    try {
      await this.deps.client.get(Resources.nodeClaims, undefined, name);
      return true;
    } catch (error) {
      if (isApiError(error, 'NotFound')) return false;
      throw error;
    }
  }
}
