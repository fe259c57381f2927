import type { Logger } from 'pino';
import type { NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import type { ClusterAccess, NodeProvider, NodeProviderFactory } from '../../../contracts/node-provider.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import type { ExtensionPoint } from '../../../kernel/plugin.ts';
import { validateWithSchema } from '../../../kernel/standard-schema.ts';
import { canonicalJson } from '../../../store/object-meta.ts';

/** A pool whose provider runs. */
export interface ReadyPoolProvider {
  ready: true;
  poolName: string;
  /** the NodePool as last seen: labels, taints and limits change without restarting the provider */
  pool: NodePoolObject;
  provider: NodeProvider;
}

export type PoolProviderFailure = 'ProviderNotFound' | 'InvalidOptions' | 'ProviderStartFailed';

/** A pool whose provider could not start; ProviderStartFailed is retried, the others wait for the spec to change. */
export interface FailedPoolProvider {
  ready: false;
  poolName: string;
  reason: PoolProviderFailure;
  message: string;
}

export type PoolProviderState = ReadyPoolProvider | FailedPoolProvider;

/** A provider node-pools started for a kubernel.yaml pool, reused while the NodePool asks for the same provider and options. */
export interface AdoptedPoolProvider {
  name: string;
  provider: NodeProvider;
  spec: { provider: string; options?: unknown };
}

export interface PoolProvidersDeps {
  client: ApiClient;
  logger: Logger;
  clock: Clock;
  cluster: ClusterAccess | undefined;
  factories: readonly NodeProviderFactory[];
  contributions?<T>(point: ExtensionPoint<T>): T[];
  adopted?: readonly AdoptedPoolProvider[];
}

interface Entry {
  fingerprint: string;
  state: PoolProviderState;
  /** false for an adopted provider: node-pools stops it */
  owned: boolean;
}

/** What restarts a pool's provider when it changes: the provider's name and its options. */
export function providerFingerprint(spec: { provider: string; options?: unknown }): string {
  return canonicalJson({ provider: spec.provider, options: spec.options ?? {} });
}

/**
 * One started NodeProvider per NodePool: made from the `nodeProviders`
 * contribution the pool names, its options validated by the factory's
 * schema, started before use, made anew when the pool's provider or options
 * change and stopped when the pool goes.
 */
export class PoolProviders {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: PoolProvidersDeps) {}

  /** the running provider of a pool, if it runs */
  get(poolName: string): ReadyPoolProvider | undefined {
    const state = this.entries.get(poolName)?.state;
    return state?.ready === true ? state : undefined;
  }

  state(poolName: string): PoolProviderState | undefined {
    return this.entries.get(poolName)?.state;
  }

  running(): ReadyPoolProvider[] {
    return [...this.entries.values()].flatMap((e) => (e.state.ready ? [e.state] : []));
  }

  /** Starts, keeps or replaces the pool's provider to match its spec; returns where the pool stands. */
  async ensure(pool: NodePoolObject): Promise<PoolProviderState> {
    const poolName = pool.metadata.name ?? '';
    const fingerprint = providerFingerprint(pool.spec);
    const entry = this.entries.get(poolName);
    if (entry !== undefined && entry.fingerprint === fingerprint) {
      if (entry.state.ready) {
        entry.state = { ...entry.state, pool };
        return entry.state;
      }
      if (entry.state.reason !== 'ProviderStartFailed') return entry.state;
    }
    if (entry !== undefined) await this.release(poolName, entry);
    const adopted = this.deps.adopted?.find((a) => a.name === poolName && providerFingerprint(a.spec) === fingerprint);
    if (adopted !== undefined) {
      const state: ReadyPoolProvider = { ready: true, poolName, pool, provider: adopted.provider };
      this.entries.set(poolName, { fingerprint, state, owned: false });
      return state;
    }
    const state = await this.start(pool);
    this.entries.set(poolName, { fingerprint, state, owned: true });
    return state;
  }

  /** Stops the pool's provider (its machines stay) and forgets it. */
  async remove(poolName: string): Promise<void> {
    const entry = this.entries.get(poolName);
    if (entry !== undefined) await this.release(poolName, entry);
  }

  async stop(): Promise<void> {
    for (const [poolName, entry] of [...this.entries]) await this.release(poolName, entry);
  }

  private async release(poolName: string, entry: Entry): Promise<void> {
    this.entries.delete(poolName);
    if (!entry.state.ready || !entry.owned) return;
    try {
      await entry.state.provider.stop?.();
      this.deps.logger.info({ nodePool: poolName }, 'stopped the node pool provider');
    } catch (error) {
      this.deps.logger.error({ err: error, nodePool: poolName }, 'node pool provider failed to stop');
    }
  }

  private async start(pool: NodePoolObject): Promise<PoolProviderState> {
    const poolName = pool.metadata.name ?? '';
    const factory = this.deps.factories.find((f) => f.name === pool.spec.provider);
    if (factory === undefined) {
      const known = this.deps.factories.map((f) => f.name).sort().join(', ') || '(none)';
      return { ready: false, poolName, reason: 'ProviderNotFound', message: `spec.provider: unknown node provider "${pool.spec.provider}"; available: ${known}` };
    }
    const validated = await validateWithSchema(factory.optionsSchema, pool.spec.options ?? {}, 'spec.options');
    if (!validated.ok) return { ready: false, poolName, reason: 'InvalidOptions', message: validated.errors.join('; ') };
    const logger = this.deps.logger.child({ nodePool: poolName });
    let provider: NodeProvider | undefined;
    try {
      provider = factory.create(validated.value, {
        pool: { name: poolName, min: pool.spec.min, max: pool.spec.max },
        client: this.deps.client,
        logger,
        clock: this.deps.clock,
        cluster: this.deps.cluster,
        contributions: <T>(point: ExtensionPoint<T>): T[] => this.deps.contributions?.(point) ?? [],
      });
      await provider.start?.();
      logger.info({ provider: factory.name }, 'started the node pool provider');
      return { ready: true, poolName, pool, provider };
    } catch (error) {
      // A provider that failed half-way may have begun background work.
      await provider?.stop?.().catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error, provider: factory.name }, 'node pool provider failed to start');
      return { ready: false, poolName, reason: 'ProviderStartFailed', message: `${factory.name} failed to start: ${message}` };
    }
  }
}
