/**
 * What authorization decides on, read off a request as kube-apiserver's
 * RequestInfoFactory reads it: a resource request (verb, API group,
 * resource, subresource, namespace, name) or a non-resource path.
 */
import { parseResourcePath } from '../server/request-path.ts';
import type { UserInfo } from './user-info.ts';

export interface ResourceAttributes {
  user: UserInfo;
  resourceRequest: true;
  /** get, list, watch, create, update, patch, delete, deletecollection */
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** '' for cluster-scoped resources and requests across all namespaces */
  namespace: string;
  name: string;
  path: string;
}

export interface NonResourceAttributes {
  user: UserInfo;
  resourceRequest: false;
  /** the lower-case HTTP method: get, post, ... */
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

const WRITE_VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };

export function requestAttributes(method: string, url: string, user: UserInfo): RequestAttributes {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const parsed = resourcePathOf(path);
  if (parsed === undefined) return { user, resourceRequest: false, verb: method.toLowerCase(), path };
  const named = parsed.name !== undefined && parsed.name !== '';
  let verb: string;
  if (method === 'GET' || method === 'HEAD') {
    const watch = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1)).get('watch');
    verb = watch !== null && /^(1|t|true)$/i.test(watch) ? 'watch' : named ? 'get' : 'list';
  } else if (method === 'DELETE') {
    verb = named ? 'delete' : 'deletecollection';
  } else {
    verb = WRITE_VERBS[method] ?? method.toLowerCase();
  }
  // `/api/v1/namespaces/x` names the namespace x itself, as in kube-apiserver.
  const isNamespace = parsed.group === '' && parsed.plural === 'namespaces';
  return {
    user,
    resourceRequest: true,
    verb,
    apiGroup: parsed.group,
    apiVersion: parsed.version,
    resource: parsed.plural,
    subresource: parsed.subresource ?? '',
    namespace: isNamespace ? (parsed.name ?? '') : (parsed.namespace ?? ''),
    name: parsed.name ?? '',
    path,
  };
}

/** A malformed escape is no resource path: the resource handler answers it as it always has. */
function resourcePathOf(path: string): ReturnType<typeof parseResourcePath> {
  try {
    return parseResourcePath(path);
  } catch {
    return undefined;
  }
}
