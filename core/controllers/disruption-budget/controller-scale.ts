import { isRecord, type KubeObject, type OwnerReference } from '../../api/types/meta.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import type { ScaleFinder, ScaleLookup } from './budget-status.ts';
import { controllerOf } from './pod-facts.ts';

/** The workload groups whose ReplicaSets and Deployments the finders accept (apps, and the old extensions). */
const APPS_GROUPS = ['apps', 'extensions'];

function groupOf(ref: OwnerReference): string {
  const slash = ref.apiVersion.indexOf('/');
  return slash < 0 ? '' : ref.apiVersion.slice(0, slash);
}

function isKind(ref: OwnerReference, kind: string): boolean {
  return ref.kind === kind && APPS_GROUPS.includes(groupOf(ref));
}

function replicasOf(obj: KubeObject): number {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  // v1 defaulting always sets spec.replicas; 1 is that default.
  return typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
}

/** The cached object `ref` names, if it is still the same object (same uid). */
function lookup(cache: IndexedCache, ref: OwnerReference, namespace: string): KubeObject | undefined {
  const obj = cache.get(`${namespace}/${ref.name}`);
  return obj !== undefined && obj.metadata.uid === ref.uid ? obj : undefined;
}

/**
 * The disruption controller's finders, in its order, over the informer caches:
 * a ReplicaSet's Deployment (getPodDeployment), a ReplicaSet no Deployment
 * controls (getPodReplicaSet), then the scale subresource of the owner itself
 * (getScaleController), which here means a ReplicaSet or Deployment, the kinds
 * we serve with a scale subresource. Kubernetes' RESTMapper refuses kinds it
 * does not serve with "no matches for kind"; so do we, for any other owner.
 */
export function workloadScaleFinder(replicaSets: IndexedCache, deployments: IndexedCache): ScaleFinder {
  return (ref, namespace): ScaleLookup => {
    if (isKind(ref, 'ReplicaSet')) {
      const rs = lookup(replicaSets, ref, namespace);
      if (rs !== undefined) {
        const owner = controllerOf(rs);
        if (owner !== undefined && isKind(owner, 'Deployment')) {
          const deployment = lookup(deployments, owner, namespace);
          if (deployment !== undefined) return { uid: deployment.metadata.uid ?? '', scale: replicasOf(deployment) };
        }
        // A ReplicaSet under a Deployment that is gone still answers through its own scale subresource.
        return { uid: rs.metadata.uid ?? '', scale: replicasOf(rs) };
      }
      return undefined;
    }
    if (isKind(ref, 'Deployment')) {
      const deployment = lookup(deployments, ref, namespace);
      return deployment === undefined ? undefined : { uid: deployment.metadata.uid ?? '', scale: replicasOf(deployment) };
    }
    return { error: `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"` };
  };
}
