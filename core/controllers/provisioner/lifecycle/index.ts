/**
 * The NodeClaim lifecycle (issue 6): a provider per NodePool, launch with
 * fallback, registration, termination, and the sweep of leaked machines.
 * The composition root calls startNodeClaimControllers; the rest is for the
 * provisioner and disruption controllers that work alongside it.
 */
export { startNodeClaimControllers, type NodeClaimControllersDeps, type RunningNodeClaimControllers } from './node-claim-controllers.ts';
export { PoolProviders, type PoolProviderState, type ReadyPoolProvider, type FailedPoolProvider } from './pool-providers.ts';
export { DEFAULT_LIFECYCLE_OPTIONS, type LifecycleOptions } from './options.ts';
export { TERMINATION_FINALIZER, DISRUPTED_TAINT, SOURCE_ANNOTATION } from './names.ts';
export { PODS_ANNOTATION } from '../../../api/kinds/nodepool/types.ts';
export { nodePoolFromConfig, syncConfigNodePools } from './config-pools.ts';
export { claimBootstrapTokens } from './bootstrap-tokens.ts';
