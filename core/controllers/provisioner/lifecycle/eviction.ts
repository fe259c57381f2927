import { isApiError } from '../../../api/errors.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { Resources } from '../../../client/resources.ts';

export type EvictionOutcome = { kind: 'evicted' } | { kind: 'gone' } | { kind: 'blocked'; message: string };

/**
 * Asks the API to evict a pod (POST pods/NAME/eviction with a policy/v1
 * Eviction), so PodDisruptionBudgets are honoured: 429 TooManyRequests means
 * a budget allows no disruption now, and its message says which.
 */
export async function evictPod(client: ApiClient, namespace: string, name: string): Promise<EvictionOutcome> {
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } };
  try {
    await client.createSubresource(Resources.pods, namespace, name, 'eviction', eviction);
    return { kind: 'evicted' };
  } catch (error) {
    if (isApiError(error, 'TooManyRequests')) {
      // The message is generic; its causes name the budget ("The disruption budget web-pdb needs 2 healthy pods ...").
      const causes = error.causes.flatMap((c) => (c.message === undefined || c.message === '' ? [] : [c.message]));
      return { kind: 'blocked', message: [error.message, ...causes].join(' ') };
    }
    // The pod is gone; a NotFound naming no pod is a server without the eviction subresource, which must not pass as drained.
    if (isApiError(error, 'NotFound') && error.target.name === name) return { kind: 'gone' };
    throw error;
  }
}
