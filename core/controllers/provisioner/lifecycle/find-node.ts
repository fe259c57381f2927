import type { KubeObject } from '../../../api/types/meta.ts';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import type { IndexedCache } from '../../framework/indexed-cache.ts';
import { LifecycleIndexes } from './lifecycle-context.ts';

/** The claim's Node: the one named status.nodeName, else the one whose spec.providerID is the claim's. */
export function findNodeOf(nodes: IndexedCache, claim: NodeClaimObject): KubeObject | undefined {
  const { nodeName, providerID } = claim.status ?? {};
  const byName = nodeName === undefined ? undefined : nodes.get(nodeName);
  if (byName !== undefined) return byName;
  return providerID === undefined ? undefined : nodes.byIndex(LifecycleIndexes.providerID, providerID)[0];
}
