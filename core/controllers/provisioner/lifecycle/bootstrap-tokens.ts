import { createBootstrapToken } from '../../../auth/bootstrap-token/create-bootstrap-token.ts';
import type { ApiClient } from '../../../client/api-client.ts';

/**
 * The `issueBootstrapToken` of startNodeClaimControllers from kube-system
 * bootstrap token Secrets: one token per launch, living `ttlMs` (the
 * registration TTL is the natural choice: a node that has not joined by then
 * is removed anyway), described after the claim so `kubectl get secrets` says
 * what each one was for.
 */
export function claimBootstrapTokens(client: ApiClient, ttlMs: number): (claimName: string) => Promise<string> {
  return async (claimName) => (await createBootstrapToken(client, { ttlMs, description: `kubernel node bootstrap token for NodeClaim ${claimName}` })).token;
}
