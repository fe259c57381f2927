import type { NodeInstance } from '../../../contracts/node-provider.ts';

/**
 * Machines launched for a NodeClaim that no longer exists: the claim was
 * removed while its machine survived (a crash mid-termination, a create that
 * completed after the claim went). Machines without a claim belong to pools
 * that start nodes by themselves and are never leaks; young machines are
 * spared, as their claim may not have reached the cache yet.
 */
export function leakedMachines(instances: readonly NodeInstance[], claimExists: (name: string) => boolean, now: Date, minAgeMs: number): NodeInstance[] {
  return instances.filter(
    (i) => i.claim !== undefined && i.claim !== '' && !claimExists(i.claim) && now.getTime() - i.createdAt.getTime() >= minAgeMs,
  );
}
