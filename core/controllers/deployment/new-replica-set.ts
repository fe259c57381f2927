import type { LabelSelector } from '../../api/types/meta.ts';
import { newControllerRef } from '../replicaset/claim.ts';
import type { ReplicaSet } from '../replicaset/objects.ts';
import { setNewReplicaSetAnnotations } from './annotations.ts';
import type { Deployment } from './objects.ts';
import { newReplicaSetReplicas } from './rolling.ts';
import { POD_TEMPLATE_HASH, computeTemplateHash } from './template-hash.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

/** labelsutil.CloneSelectorAndAddLabel: the selector, also requiring `key=value`. */
export function selectorWithLabel(selector: LabelSelector | undefined, key: string, value: string): LabelSelector {
  const out: LabelSelector = cloneJson(selector ?? {});
  out.matchLabels = { ...out.matchLabels, [key]: value };
  return out;
}

/**
 * The ReplicaSet getNewReplicaSet creates for the Deployment's current
 * template: named `<deployment>-<pod-template-hash>` (deterministic, so a
 * second attempt finds the first), the hash added to its labels, selector and
 * pod template, owned by the Deployment, sized by NewRSNewReplicas against
 * the old ReplicaSets, with revision `newRevision`.
 */
export function buildNewReplicaSet(d: Deployment, oldRSs: readonly ReplicaSet[], newRevision: number): ReplicaSet {
  const template = cloneJson(d.spec.template ?? {});
  const hash = computeTemplateHash(template, d.status?.collisionCount);
  const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash };
  template.metadata = { ...template.metadata, labels };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name ?? ''}-${hash}`,
      namespace: d.metadata.namespace ?? 'default',
      labels: { ...labels },
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: { replicas: 0, selector: selectorWithLabel(d.spec.selector, POD_TEMPLATE_HASH, hash), template },
  };
  // Go leaves a zero minReadySeconds out.
  if ((d.spec.minReadySeconds ?? 0) > 0) rs.spec.minReadySeconds = d.spec.minReadySeconds;
  rs.spec.replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  return rs;
}
