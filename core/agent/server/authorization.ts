import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../../api/errors.ts';
import type { RequestAuthorizer } from './types.ts';

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/**
 * Kubelet's authentication and authorization filter: no token is 401, a
 * token that may not read the pod is 403; undefined lets the request through.
 */
export async function checkAccess(headers: IncomingHttpHeaders, namespace: string, pod: string, authorize: RequestAuthorizer): Promise<ApiError | undefined> {
  const token = bearerToken(headers);
  if (token === undefined) return new ApiError('Unauthorized', 'Unauthorized');
  if (await authorize(token, namespace, pod)) return undefined;
  return new ApiError('Forbidden', `Forbidden (verb=get, resource=pods, namespace=${namespace}, name=${pod})`);
}
