import type { KubeObject } from '../../api/types/meta.ts';
import type { IndexedCache } from './indexed-cache.ts';
import { UNCONTROLLED_INDEX } from './informer-factory.ts';

/**
 * The objects a controller with this uid may own in its namespace: those that
 * reference it, and those no controller owns (which it may adopt). Kubernetes
 * lists the whole namespace and lets the claim skip the rest; with tens of
 * thousands of pods in one namespace that scan was most of a sync here, so
 * the informer's `owner` and `uncontrolled` indexes give just these. Needs a
 * cache from InformerFactory, which keeps both indexes.
 */
export function claimCandidates(cache: IndexedCache, ownerUid: string, namespace: string): KubeObject[] {
  const owned = cache.byIndex('owner', ownerUid).filter((obj) => (obj.metadata.namespace ?? '') === namespace);
  const uncontrolled = cache.byIndex(UNCONTROLLED_INDEX, namespace);
  // usually none: a sync then costs one pass over what the owner has
  if (uncontrolled.length === 0) return owned;
  const out = new Map<string, KubeObject>();
  for (const obj of [...owned, ...uncontrolled]) out.set(obj.metadata.uid ?? obj.metadata.name ?? '', obj);
  return [...out.values()];
}
