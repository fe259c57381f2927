import type { KubeObject, ObjectMeta, OwnerReference } from '../../api/types/meta.ts';
import { newControllerRef } from './claim.ts';
import type { ReplicaSet } from './objects.ts';

/** The longest generateName prefix a pod name can take, leaving room for the 5-character suffix. */
const MAX_POD_NAME = 253;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * getPodsPrefix: `<name>-`, unless that would not be a valid pod name prefix
 * (then the bare name, and the API server reports the problem).
 */
export function podNamePrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  // A prefix is validated as a name with its trailing dash allowed.
  const valid = prefix.length <= MAX_POD_NAME && DNS_SUBDOMAIN.test(prefix.slice(0, -1));
  return valid ? prefix : controllerName;
}

export function replicaSetControllerRef(rs: ReplicaSet): OwnerReference {
  return newControllerRef(rs, 'apps/v1', 'ReplicaSet');
}

/**
 * GetPodFromTemplate: a pod for `generateName`, carrying the template's
 * labels, annotations and finalizers and its spec, controlled by the
 * ReplicaSet (which blocks the owner's deletion until the pod is gone).
 * The spec is the template's own, not a copy: the pod is only handed to the
 * API client, which copies before it defaults anything (the in-process one)
 * or sends JSON, and a copy here was a second deep copy of every pod.
 */
export function podFromTemplate(rs: ReplicaSet): KubeObject {
  const template = rs.spec.template ?? {};
  const metadata: ObjectMeta = {
    generateName: podNamePrefix(rs.metadata.name ?? ''),
    namespace: rs.metadata.namespace ?? 'default',
    ownerReferences: [replicaSetControllerRef(rs)],
  };
  const labels = template.metadata?.labels;
  if (labels !== undefined) metadata.labels = { ...labels };
  const annotations = template.metadata?.annotations;
  if (annotations !== undefined) metadata.annotations = { ...annotations };
  const finalizers = template.metadata?.finalizers;
  if (finalizers !== undefined) metadata.finalizers = [...finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec ?? {} };
}
