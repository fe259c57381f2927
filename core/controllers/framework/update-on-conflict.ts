import { isApiError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import type { ResourceRef } from '../../client/resources.ts';

/** client-go's RetryOnConflict takes 5 steps */
const CONFLICT_RETRIES = 5;

/**
 * Writes `change(object)`, starting from the cached copy and reading the
 * object afresh after each conflict, as client-go's RetryOnConflict around a
 * Get and an Update. `change` returns undefined when there is nothing to
 * write. Resolves false when the object is gone (or replaced by one of the
 * same name), true once it says what `change` wants.
 */
export async function updateOnConflict(client: ApiClient, resource: ResourceRef, cached: KubeObject, change: (current: KubeObject) => KubeObject | undefined): Promise<boolean> {
  let current = cached;
  for (let attempt = 1; ; attempt++) {
    const next = change(current);
    if (next === undefined) return true;
    try {
      await client.update(resource, next);
      return true;
    } catch (error) {
      if (isApiError(error, 'NotFound')) return false;
      if (!isApiError(error, 'Conflict') || attempt >= CONFLICT_RETRIES) throw error;
    }
    try {
      current = await client.get(resource, cached.metadata.namespace, cached.metadata.name ?? '');
    } catch (error) {
      if (isApiError(error, 'NotFound')) return false;
      throw error;
    }
    if (current.metadata.uid !== cached.metadata.uid) return false;
  }
}
