/** The NodeClaim lifecycle's timings; tests shorten them. */
export interface LifecycleOptions {
  /** a launched claim whose node has not joined by then is removed (Karpenter's registrationTTL) */
  registrationTTLMs: number;
  /** how often every pool's machines are checked for ones whose claim is gone */
  leakSweepIntervalMs: number;
  /** a machine younger than this is never a leak: its claim may not be in the cache yet */
  leakMinAgeMs: number;
  /** the next try after a PodDisruptionBudget refused an eviction */
  evictionRetryMs: number;
  /** the next look while pods are still terminating */
  drainPollMs: number;
  /** the next try of a pool whose provider failed to start, or a claim whose pool has no running provider */
  providerRetryMs: number;
}

export const DEFAULT_LIFECYCLE_OPTIONS: LifecycleOptions = {
  registrationTTLMs: 15 * 60_000,
  leakSweepIntervalMs: 60_000,
  leakMinAgeMs: 60_000,
  evictionRetryMs: 5_000,
  drainPollMs: 1_000,
  providerRetryMs: 10_000,
};
