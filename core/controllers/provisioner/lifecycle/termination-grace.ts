import { parseGoDuration } from '../../../api/kinds/nodepool/duration.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';

/**
 * How long termination may still wait for pods, in ms: the claim's
 * spec.terminationGracePeriod (Karpenter's field, a duration) counted from
 * its deletion. Undefined when it sets none: draining waits as long as it takes.
 */
export function terminationGraceLeft(claim: KubeObject, now: Date): number | undefined {
  const spec = isRecord(claim['spec']) ? claim['spec'] : {};
  const text = spec['terminationGracePeriod'];
  const grace = typeof text === 'string' ? parseGoDuration(text) : undefined;
  const deleted = Date.parse(claim.metadata.deletionTimestamp ?? '');
  if (grace === undefined || grace < 0 || Number.isNaN(deleted)) return undefined;
  return deleted + grace - now.getTime();
}
