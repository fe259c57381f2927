import type { Logger } from 'pino';
import type { ApiClient } from '../../../client/api-client.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import type { EventRecorder } from '../../framework/event-recorder.ts';
import type { IndexedCache } from '../../framework/indexed-cache.ts';
import type { LifecycleOptions } from './options.ts';
import type { PoolProviders } from './pool-providers.ts';

/** What the launch, registration and termination steps of a NodeClaim share. */
export interface LifecycleContext {
  client: ApiClient;
  providers: PoolProviders;
  /** nodes, indexed by `providerID` */
  nodes: IndexedCache;
  /** pods, indexed by `nodeName` */
  pods: IndexedCache;
  events: EventRecorder;
  logger: Logger;
  clock: Clock;
  options: LifecycleOptions;
  /** a bootstrap token the new machine's agent joins with */
  issueBootstrapToken(claimName: string): Promise<string>;
}

/** Index names the lifecycle's caches carry. */
export const LifecycleIndexes = {
  /** nodes by spec.providerID; claims by status.providerID */
  providerID: 'providerID',
  /** pods by spec.nodeName; claims by status.nodeName */
  nodeName: 'nodeName',
  /** claims by their pool; nodes by their kubernel.dev/node-pool label */
  nodePool: 'nodePool',
} as const;
