import type { EndpointSubset } from './subsets.ts';

/**
 * The Endpoints API's size limit (endpoints_controller.go maxCapacity,
 * truncateEndpoints): past 1000 addresses the controller keeps 1000, ready
 * ones first, spread over the subsets in proportion to their size, and marks
 * the object `endpoints.kubernetes.io/over-capacity: truncated`.
 */

export const MAX_CAPACITY = 1000;
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const TRUNCATED = 'truncated';

export function addressCount(subsets: readonly EndpointSubset[]): number {
  return subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
}

/** capacityAnnotationSetCorrectly: within capacity and not marked as truncated. */
export function capacityAnnotationSetCorrectly(annotations: Record<string, string> | undefined, subsets: readonly EndpointSubset[]): boolean {
  if (addressCount(subsets) > MAX_CAPACITY) return false;
  return annotations?.[ANNOTATION_OVER_CAPACITY] === undefined;
}

/** The subsets cut down to `max` addresses, or undefined when they fit. */
export function truncateSubsets(subsets: readonly EndpointSubset[], max = MAX_CAPACITY): EndpointSubset[] | undefined {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const subset of subsets) {
    totalReady += subset.addresses?.length ?? 0;
    totalNotReady += subset.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= max) return undefined;

  // Too many ready addresses: keep only ready ones; else keep every ready one and cut the not-ready.
  const truncateReady = totalReady > max;
  const room = truncateReady ? max : max - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = room;
  return subsets.map((subset) => {
    const inSubset = truncateReady ? (subset.addresses?.length ?? 0) : (subset.notReadyAddresses?.length ?? 0);
    const share = Math.min(Math.ceil((inSubset / total) * room), canBeAdded);
    if (truncateReady) {
      const addresses = (subset.addresses ?? []).slice(0, share);
      canBeAdded -= addresses.length;
      const { notReadyAddresses: _dropped, ...rest } = subset;
      return { ...rest, addresses };
    }
    const notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, share);
    canBeAdded -= notReadyAddresses.length;
    return { ...subset, notReadyAddresses };
  });
}
