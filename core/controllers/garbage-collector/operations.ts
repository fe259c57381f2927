import { isApiError } from '../../api/errors.ts';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import type { ResourceRef } from '../../client/resources.ts';
import { ownerReferencesOf, type PropagationPolicy } from './owner-references.ts';

const REWRITE_ATTEMPTS = 3;

/**
 * The collector's writes, as Kubernetes' garbagecollector/operations.go: each
 * is pinned to the object it decided about (uid, resourceVersion), so a
 * decision made on an old view never hits a newer object, and NotFound means
 * the work is done.
 */
export class GarbageCollectorOperations {
  constructor(private readonly client: ApiClient) {}

  /** Deletes `obj` if it is still that object; a conflict that left its ownerReferences alone retries without the version. */
  async deleteObject(resource: ResourceRef, obj: KubeObject, policy: PropagationPolicy): Promise<void> {
    const { namespace, name = '', uid, resourceVersion } = obj.metadata;
    try {
      await this.client.delete(resource, namespace, name, { propagationPolicy: policy, preconditions: { uid, resourceVersion } });
    } catch (error) {
      if (isApiError(error, 'NotFound')) return;
      if (!isApiError(error, 'Conflict') || resourceVersion === undefined) throw error;
      const live = await this.getOrUndefined(resource, obj);
      if (live === undefined) return;
      // Rapid unrelated updates (a pod's status) must not starve the collector.
      const sameOwners = JSON.stringify(ownerReferencesOf(live)) === JSON.stringify(ownerReferencesOf(obj));
      if (live.metadata.uid !== uid || live.metadata.resourceVersion === resourceVersion || !sameOwners) throw error;
      try {
        await this.client.delete(resource, namespace, name, { propagationPolicy: policy, preconditions: { uid } });
      } catch (retryError) {
        if (!isApiError(retryError, 'NotFound')) throw retryError;
      }
    }
  }

  /** Rewrites the ownerReferences of `obj` with a merge patch pinned to the version read; re-reads on a conflict. */
  async rewriteOwnerReferences(resource: ResourceRef, obj: KubeObject, change: (refs: readonly OwnerReference[]) => OwnerReference[]): Promise<void> {
    let current = obj;
    for (let attempt = 1; ; attempt++) {
      const refs = ownerReferencesOf(current);
      const next = change(refs);
      if (JSON.stringify(next) === JSON.stringify(refs)) return;
      try {
        await this.client.patch(resource, current.metadata.namespace, current.metadata.name ?? '', 'merge', {
          metadata: { ownerReferences: next.length > 0 ? next : null, resourceVersion: current.metadata.resourceVersion },
        });
        return;
      } catch (error) {
        if (isApiError(error, 'NotFound')) return;
        if (!isApiError(error, 'Conflict') || attempt >= REWRITE_ATTEMPTS) throw error;
      }
      const live = await this.getOrUndefined(resource, obj);
      if (live === undefined || live.metadata.uid !== obj.metadata.uid) return;
      current = live;
    }
  }

  /** Removes one finalizer from the live owner (the last one lets the API server delete it). */
  async removeFinalizer(resource: ResourceRef, owner: KubeObject, finalizer: string): Promise<void> {
    const live = await this.getOrUndefined(resource, owner);
    if (live === undefined || live.metadata.uid !== owner.metadata.uid) return;
    const finalizers = live.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return;
    const rest = finalizers.filter((f) => f !== finalizer);
    try {
      await this.client.patch(resource, live.metadata.namespace, live.metadata.name ?? '', 'merge', {
        metadata: { finalizers: rest.length > 0 ? rest : null, resourceVersion: live.metadata.resourceVersion },
      });
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
  }

  private async getOrUndefined(resource: ResourceRef, obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(resource, obj.metadata.namespace, obj.metadata.name ?? '');
    } catch (error) {
      if (isApiError(error, 'NotFound')) return undefined;
      throw error;
    }
  }
}
