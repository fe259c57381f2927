/**
 * Decides whether a bearer token sent to the agent's log/exec server may
 * reach a pod, by asking the API server (kubelet's webhook authentication
 * and authorization): a GET of the pod with that token. Answers are kept for
 * a minute so that a `kubectl logs -f` reconnect costs no round trip.
 */
import { createHttpApiClient } from '../client/http-client.ts';
import { isApiError } from '../api/errors.ts';
import { Resources } from '../client/resources.ts';

const CACHE_MS = 60_000;
const MAX_CACHED = 1024;

export function apiAuthorizer(server: string, caCertPem: string): (token: string, namespace: string, pod: string) => Promise<boolean> {
  const answers = new Map<string, { allowed: boolean; at: number }>();
  return async (token, namespace, pod) => {
    const key = `${token}\n${namespace}/${pod}`;
    const cached = answers.get(key);
    if (cached !== undefined && Date.now() - cached.at < CACHE_MS) return cached.allowed;
    const client = createHttpApiClient({ server, token, ca: caCertPem });
    let allowed: boolean;
    try {
      await client.get(Resources.pods, namespace, pod);
      allowed = true;
    } catch (error) {
      if (!isApiError(error, 'Unauthorized') && !isApiError(error, 'Forbidden') && !isApiError(error, 'NotFound')) throw error;
      allowed = false;
    } finally {
      client.close();
    }
    if (answers.size >= MAX_CACHED) answers.clear();
    answers.set(key, { allowed, at: Date.now() });
    return allowed;
  };
}
