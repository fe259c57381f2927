/**
 * The public surface of Kubernel's core: everything a plugin or provider may
 * import. Plugins import from here only, never from core's inner files.
 */
export { definePlugin, createExtensionPoint, storeBackends, PLUGIN_API_VERSION } from './kernel/plugin.ts';
export type {
  PluginDefinition,
  PluginRegistrar,
  PluginContext,
  ExtensionPoint,
  StoreBackendFactory,
  Deps,
} from './kernel/plugin.ts';
export type { PluginCatalog } from './kernel/plugin-loader.ts';
export { createToken, type Token } from './kernel/tokens.ts';
export { CoreTokens, type Clock } from './kernel/core-tokens.ts';
export type { StandardSchemaV1 } from './kernel/standard-schema.ts';
export { KernelError, type KernelErrorCode } from './kernel/errors.ts';
export * from './contracts/store-backend.ts';
export { ApiError, type ApiErrorCode, type FieldError } from './api/errors.ts';
export type * from './api/types/meta.ts';
export { isRecord } from './api/types/meta.ts';
export { cloneJson } from './api/types/clone-json.ts';
export { withMembers } from './api/types/with-members.ts';
// Node providers (issue 3 §6): the contract, and the API client and controller parts a provider builds on.
export * from './contracts/node-provider.ts';
// NodePool and NodeClaim (issue 6). Both modules name a NodeClaimSpec: the provider contract's (what a provider
// launches) keeps the name, the kind's spec is also exported as NodeClaimResourceSpec.
export * from './api/kinds/nodepool/types.ts';
export type { NodeClaimSpec } from './contracts/node-provider.ts';
export type { NodeClaimSpec as NodeClaimResourceSpec } from './api/kinds/nodepool/types.ts';
export type { ApiClient, DeleteOptions, ListOptions, PatchOptions, PatchType, WatchOptions, WatchSubscription, WriteOptions } from './client/api-client.ts';
export { Resources, type ResourceRef } from './client/resources.ts';
export { isApiError } from './api/errors.ts';
export { Quantity } from './api/quantity.ts';
export { isQualifiedName, isValidLabelValue } from './api/validation/names.ts';
export { SharedInformer, type InformerHandlers } from './controllers/framework/shared-informer.ts';
export { Controller } from './controllers/framework/controller.ts';
export { Indexes } from './controllers/framework/indexed-cache.ts';
export { DONE, objectKeyOf, splitKey, type Reconciler, type Result } from './controllers/framework/result.ts';
export { settleConcurrently } from './api/concurrency.ts';
// Scheduling (issue 3 §5): the framework contract, and helpers for scoring-strategy plugins.
export { MAX_NODE_SCORE, SchedulingStatus, CycleState, createStateKey, schedulingPlugins } from './contracts/scheduling.ts';
export type {
  SchedulingCode,
  StateKey,
  ClusterEvent,
  SchedulingPlugin,
  AnySchedulingPlugin,
  PreFilterResult,
  PreFilterPlugin,
  FilterPlugin,
  PostFilterPlugin,
  PreScorePlugin,
  NodeScore,
  ScorePlugin,
  ReservePlugin,
  BindPlugin,
  SchedulingPluginContribution,
  ResourceAmounts,
  Taint,
  Toleration,
  HostPort,
  HostPortUsage,
  NodeSelectorOperator,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PreferredSchedulingTerm,
  AffinityTerm,
  WeightedAffinityTerm,
  TopologySpreadConstraint,
  PodInfo,
  NodeInfo,
} from './contracts/scheduling.ts';
export {
  createResourceAllocationScorer,
  leastAllocated,
  mostAllocated,
  balancedAllocation,
  type ResourceAllocationStrategy,
  type ResourceAllocationScorerOptions,
} from './controllers/scheduler/resource-allocation.ts';
export { defaultNormalizeScore } from './controllers/scheduler/plugins/normalize.ts';
export { matchesLabels, type ParsedLabelSelector } from './api/selectors/label-selector.ts';
// Container runtimes (issue 4 §2): the contract runtime plugins implement.
export * from './contracts/runtime.ts';
// Node agents (issue 4 §1): what a provider of nodes on this machine starts.
export { Agent, type AgentOptions } from './agent/agent.ts';
export { apiAuthorizer } from './agent/api-authorizer.ts';
export { selectRuntime, type RuntimeChoice } from './agent/runtime-select.ts';
export { crashLoopBackOffSchema, nodeCapacitySchema } from './agent/agent-config.ts';
export { readyNodeConditions } from './agent/node-object.ts';
// Service discovery and load balancing (issue 5): the contracts DNS and proxy plugins implement.
export * from './contracts/discovery.ts';
// The core's ServiceCatalog over Services and EndpointSlices, for plugin tests against a real API server.
export { InformerServiceCatalog, type InformerServiceCatalogOptions } from './services/service-catalog.ts';
export { isLocalAddress, LoopbackAddresses, needsNoInterface, runIp, type AddResult, type IpCommand } from './services/loopback-addresses.ts';
// Node bootstrap (issue 6): bootstrap tokens a provider hands to the nodes it launches, and the agent's TLS bootstrap.
export { createBootstrapToken, type CreateBootstrapTokenOptions, type CreatedBootstrapToken } from './auth/bootstrap-token/create-bootstrap-token.ts';
export { isBootstrapToken, parseBootstrapToken, bootstrapTokenSecretName, type BootstrapToken } from './auth/bootstrap-token/token-format.ts';
export { nodeApiCredentials, type ApiCredentials, type NodeCredentialsOptions } from './agent/bootstrap.ts';
