import type { KubeObject, ObjectMeta, OwnerReference } from '../../api/types/meta.ts';
import { newControllerRef } from './claim.ts';
import type { ReplicaSet } from './objects.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

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
 * labels, annotations and finalizers and a copy of its spec, controlled by
 * the ReplicaSet (which blocks the owner's deletion until the pod is gone).
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
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: cloneJson(template.spec ?? {}) };
}
