import { WellKnownLabels } from '../../../api/kinds/nodepool/types.ts';
import type { KubeObject } from '../../../api/types/meta.ts';

/** The pool a claim was made for: its kubernel.dev/node-pool label, else its NodePool owner. */
export function poolNameOf(claim: KubeObject): string | undefined {
  const label = claim.metadata.labels?.[WellKnownLabels.nodePool];
  if (label !== undefined && label !== '') return label;
  return claim.metadata.ownerReferences?.find((o) => o.kind === 'NodePool')?.name;
}
