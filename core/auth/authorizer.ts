/**
 * Authorization, minimal and explicit. Kubernetes' RBAC would decide from
 * roles; until Kubernel has RBAC these are the rules its default roles give:
 *
 * - system:masters (the admin token) may do anything;
 * - system:nodes may do what the node agent does, which is everything for
 *   now (Kubernetes restricts each node to its own objects with the Node
 *   authorizer and NodeRestriction admission: future work);
 * - system:bootstrappers may only ask for a certificate: create, get, list
 *   and watch CertificateSigningRequests (system:node-bootstrapper), and read
 *   discovery, version and health (system:discovery, system:public-info-viewer);
 * - anyone else authenticated may do anything, as before authorization existed.
 */
import { ApiError, qualifiedResource, type ApiErrorTarget } from '../api/errors.ts';
import type { RequestAttributes } from './request-attributes.ts';
import { inGroup, SYSTEM_BOOTSTRAPPERS, SYSTEM_MASTERS, SYSTEM_NODES, type UserInfo } from './user-info.ts';

export type AuthorizationDecision = { allowed: true } | { allowed: false };

const CSR_GROUP = 'certificates.k8s.io';
const CSR_RESOURCE = 'certificatesigningrequests';
const BOOTSTRAPPER_CSR_VERBS = new Set(['create', 'get', 'list', 'watch']);
/** system:discovery and system:public-info-viewer paths; `*` ends a prefix */
const DISCOVERY_PATHS = ['/api', '/api/*', '/apis', '/apis/*', '/version', '/version/', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*'];

/**
 * Whether `user` may make any request, so that its request's attributes
 * need not be worked out at all (everyone but a bootstrapper).
 */
export function mayMakeAnyRequest(user: UserInfo): boolean {
  return inGroup(user, SYSTEM_MASTERS) || inGroup(user, SYSTEM_NODES) || !inGroup(user, SYSTEM_BOOTSTRAPPERS);
}

export function authorize(attributes: RequestAttributes): AuthorizationDecision {
  return { allowed: mayMakeAnyRequest(attributes.user) || bootstrapperMay(attributes) };
}

function bootstrapperMay(attributes: RequestAttributes): boolean {
  if (!attributes.resourceRequest) return attributes.verb === 'get' && DISCOVERY_PATHS.some((rule) => pathMatches(rule, attributes.path));
  return attributes.apiGroup === CSR_GROUP && attributes.resource === CSR_RESOURCE && attributes.subresource === '' && BOOTSTRAPPER_CSR_VERBS.has(attributes.verb);
}

function pathMatches(rule: string, path: string): boolean {
  return rule.endsWith('*') ? path.startsWith(rule.slice(0, -1)) : path === rule;
}

/**
 * 403 Forbidden worded as kube-apiserver words it (responsewriters.forbiddenMessage
 * inside apierrors.NewForbidden), e.g. `pods is forbidden: User "system:bootstrap:abcdef"
 * cannot list resource "pods" in API group "" in the namespace "default"`.
 */
export function forbiddenError(attributes: RequestAttributes): ApiError {
  const user = attributes.user.name;
  if (!attributes.resourceRequest) {
    return new ApiError('Forbidden', `forbidden: User "${user}" cannot ${attributes.verb} path "${attributes.path}"`);
  }
  const resource = attributes.subresource === '' ? attributes.resource : `${attributes.resource}/${attributes.subresource}`;
  const scope = attributes.namespace === '' ? 'at the cluster scope' : `in the namespace "${attributes.namespace}"`;
  const why = `User "${user}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.apiGroup}" ${scope}`;
  const qualified = qualifiedResource(attributes.resource, attributes.apiGroup);
  const subject = attributes.name === '' ? qualified : `${qualified} "${attributes.name}"`;
  // Go leaves empty details out (omitempty).
  const target: ApiErrorTarget = { kind: attributes.resource };
  if (attributes.apiGroup !== '') target.group = attributes.apiGroup;
  if (attributes.name !== '') target.name = attributes.name;
  return new ApiError('Forbidden', `${subject} is forbidden: ${why}`, target);
}
