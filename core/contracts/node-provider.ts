/**
 * The node-provider extension point: where nodes come from. A provider knows
 * a catalog of instance types, launches a machine for a node claim, removes
 * one, and lists its machines so that leaked ones can be found and removed.
 * A node pool in kubernel.yaml names its provider; the provider plugin
 * contributes a factory that validates the pool's options and makes a
 * provider for that pool.
 */
import type { Logger } from 'pino';
import type { ApiClient } from '../client/api-client.ts';
import type { Clock } from '../kernel/core-tokens.ts';
import { createExtensionPoint, type ExtensionPoint } from '../kernel/plugin.ts';
import type { StandardSchemaV1 } from '../kernel/standard-schema.ts';

/** Labels every pool node carries, whatever its provider, so pools and providers find their nodes. */
export const NodePoolLabels = {
  /** the node pool (kubernel.yaml `nodePools[].name`) the node belongs to */
  pool: 'kubernel.dev/node-pool',
  /** the provider (`nodePools[].provider`) that launched it */
  provider: 'kubernel.dev/node-provider',
} as const;

export type CapacityType = 'on-demand' | 'spot';
export type Architecture = 'amd64' | 'arm64';

/** One machine shape a provider can launch, with what a node of it offers to pods. */
export interface InstanceType {
  name: string;
  /** allocatable CPU in millicores (4 cores: 4000) */
  cpuMillis: number;
  memoryBytes: number;
  /** the most pods a node of this type runs */
  pods: number;
  arch: Architecture;
  /** zones it can be launched in */
  zones: readonly string[];
  capacityType: CapacityType;
  /** in US dollars; 0 where the machine costs nothing (simulated, local) */
  pricePerHour: number;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface NodeTaint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

/** What the pool (later: the provisioner's NodeClaim) asks a provider to launch. */
export interface NodeClaimSpec {
  /** the claim's name; providers that name machines use it as the node name */
  name: string;
  pool: string;
  /** one of `instanceTypes()`; omitted: the provider's first */
  instanceType?: string;
  zone?: string;
  capacityType?: CapacityType;
  /** labels the node must carry (the pool's, NodePoolLabels included) */
  labels: Record<string, string>;
  taints: NodeTaint[];
  /**
   * A short-lived bootstrap token (`abcdef.0123456789abcdef`) the new
   * machine's agent joins with, exchanging it for its node certificate.
   * Providers whose nodes join by themselves hand it to the machine (EC2 user
   * data, a GCE startup script) with `NodeProviderContext.cluster`'s server
   * and CA; absent when the pool launches nodes without the provisioner.
   */
  bootstrapToken?: string;
}

/** A machine the provider runs, as `list()` reports it. */
export interface NodeInstance {
  providerId: string;
  nodeName: string;
  /** the pool it was launched for; '' when the machine carries none */
  pool: string;
  instanceType: string;
  zone: string;
  capacityType: CapacityType;
  createdAt: Date;
  /**
   * The NodeClaim it was launched for (the `kubernel.dev/node-claim` tag or
   * label); undefined for machines a pool launched at start without one. A
   * machine whose claim no longer exists has leaked and is removed.
   */
  claim?: string;
}

/** What a provider can do, declared rather than probed. */
export interface NodeProviderCapabilities {
  /** the provider writes the Node object itself (simulated) instead of an agent joining with a bootstrap token */
  registersNodes: boolean;
  /** launches it sustains at once; callers pace creates to it */
  maxConcurrentCreates: number;
  capacityTypes: readonly CapacityType[];
}

export interface NodeProvider {
  readonly name: string;
  readonly capabilities: NodeProviderCapabilities;
  instanceTypes(): InstanceType[];
  /** Launches a machine for the claim. Throws the typed errors below when the cloud says no. */
  create(claim: NodeClaimSpec): Promise<{ providerId: string; nodeName: string }>;
  /** Removes the machine; InstanceNotFoundError when it is already gone. */
  delete(providerId: string): Promise<void>;
  /** Every machine this provider runs for this cluster, in any pool, so leaked machines of removed pools are found too. */
  list(): Promise<NodeInstance[]>;
  /** background work (heartbeats, watches) begins here, before the first create */
  start?(): Promise<void>;
  /** ends background work; the machines stay */
  stop?(): Promise<void>;
}

/** How a new node reaches the control plane: the API's URL, the CA that signs its certificate, a token to join with. */
export interface ClusterAccess {
  server: string;
  caCertPem: string;
  token: string;
  /** the control plane's data directory; providers of nodes on this machine keep their state under it */
  dataDir: string;
}

/** What a provider gets when its pool starts: the pool, the API, a logger and the clock. */
export interface NodeProviderContext {
  pool: { name: string; min: number | undefined; max: number | undefined };
  client: ApiClient;
  logger: Logger;
  clock: Clock;
  /** undefined where the pools run without a control plane to join (unit tests) */
  cluster: ClusterAccess | undefined;
  /** what plugins contributed to an extension point (the local provider finds the container runtimes here) */
  contributions<T>(point: ExtensionPoint<T>): T[];
}

/** A provider plugin's contribution: selected by `nodePools[].provider`, one provider per pool. */
export interface NodeProviderFactory<Options = unknown> {
  /** the value of `nodePools[].provider` that selects it */
  readonly name: string;
  /** validates `nodePools[].options` at start-up; errors name `nodePools[i].options.<field>` */
  readonly optionsSchema: StandardSchemaV1<unknown, Options>;
  /** nodes a pool with these options has from the start, before any pod asks (simulated: `count`); 0 when absent */
  initialNodeCount?(options: Options): number;
  create(options: Options, context: NodeProviderContext): NodeProvider;
}

export const nodeProviders = createExtensionPoint<NodeProviderFactory>('node-provider');

export type NodeProviderErrorCode =
  | 'NODE_PROVIDER_ERR_CAPACITY_EXHAUSTED'
  | 'NODE_PROVIDER_ERR_QUOTA_EXCEEDED'
  | 'NODE_PROVIDER_ERR_THROTTLED'
  | 'NODE_PROVIDER_ERR_NOT_FOUND';

/** A refusal from the infrastructure that callers act on (fall back, wait, forget), with a stable code. */
export abstract class NodeProviderError extends Error {
  abstract readonly code: NodeProviderErrorCode;
}

/** No capacity for this type in this zone right now (EC2 InsufficientInstanceCapacity, GCE ZONE_RESOURCE_POOL_EXHAUSTED): try the next. */
export class CapacityExhaustedError extends NodeProviderError {
  readonly code = 'NODE_PROVIDER_ERR_CAPACITY_EXHAUSTED';
  override readonly name = 'CapacityExhaustedError';
  constructor(
    readonly instanceType: string,
    readonly zone: string,
    message = `no capacity for ${instanceType} in ${zone}`,
  ) {
    super(message);
  }
}

/** An account limit (vCPU quota, instance count) stops this launch; other types may still fit. */
export class QuotaExceededError extends NodeProviderError {
  readonly code = 'NODE_PROVIDER_ERR_QUOTA_EXCEEDED';
  override readonly name = 'QuotaExceededError';
  constructor(
    readonly quota: string,
    message = `quota ${quota} exceeded`,
  ) {
    super(message);
  }
}

/** The provider's API asks to slow down; retry after `retryAfterMs`. */
export class ThrottledError extends NodeProviderError {
  readonly code = 'NODE_PROVIDER_ERR_THROTTLED';
  override readonly name = 'ThrottledError';
  constructor(
    readonly retryAfterMs: number,
    message = `throttled; retry after ${retryAfterMs} ms`,
  ) {
    super(message);
  }
}

/** The machine does not exist (any more): a delete of it has nothing left to do. */
export class InstanceNotFoundError extends NodeProviderError {
  readonly code = 'NODE_PROVIDER_ERR_NOT_FOUND';
  override readonly name = 'InstanceNotFoundError';
  constructor(
    readonly providerId: string,
    message = `instance ${providerId} not found`,
  ) {
    super(message);
  }
}

export function isNodeProviderError(error: unknown, code?: NodeProviderErrorCode): error is NodeProviderError {
  return error instanceof NodeProviderError && (code === undefined || error.code === code);
}
