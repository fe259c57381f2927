import { isRecord, type KubeObject } from '../../types/meta.ts';
import { quantitiesAsText } from '../nodepool/defaults.ts';

/**
 * A NodeClaim has no defaults of its own; quantities given as bare numbers are
 * stored as text, as a Quantity is always written back.
 */
export function defaultNodeClaim(obj: KubeObject): void {
  const spec = obj['spec'];
  const resources = isRecord(spec) ? spec['resources'] : undefined;
  if (isRecord(resources) && isRecord(resources['requests'])) quantitiesAsText(resources['requests']);
  const status = obj['status'];
  if (!isRecord(status)) return;
  for (const list of ['capacity', 'allocatable']) {
    const value = status[list];
    if (isRecord(value)) quantitiesAsText(value);
  }
}
