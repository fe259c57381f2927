import { describe, expect, it } from 'vitest';
import { authorize, forbiddenError, mayMakeAnyRequest } from './authorizer.ts';
import { requestAttributes } from './request-attributes.ts';
import type { UserInfo } from './user-info.ts';

const admin: UserInfo = { name: 'kubernel-admin', groups: ['system:masters', 'system:authenticated'] };
const node: UserInfo = { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };
const bootstrap: UserInfo = { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] };
const someone: UserInfo = { name: 'alice', groups: ['dev', 'system:authenticated'] };

describe('authorize', () => {
  it.each<[string, UserInfo, string, string, boolean]>([
    ['an admin deleting nodes', admin, 'DELETE', '/api/v1/nodes/n1', true],
    ['a node updating pod status', node, 'PUT', '/api/v1/namespaces/a/pods/p/status', true],
    ['another user listing secrets', someone, 'GET', '/api/v1/secrets', true],
    ['a bootstrapper creating a CSR', bootstrap, 'POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', true],
    ['a bootstrapper reading its CSR', bootstrap, 'GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests/c1', true],
    ['a bootstrapper listing CSRs', bootstrap, 'GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests', true],
    ['a bootstrapper watching CSRs', bootstrap, 'GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=1', true],
    ['a bootstrapper reading discovery', bootstrap, 'GET', '/apis/certificates.k8s.io/v1', true],
    ['a bootstrapper reading /api', bootstrap, 'GET', '/api', true],
    ['a bootstrapper reading the version', bootstrap, 'GET', '/version', true],
    ['a bootstrapper reading OpenAPI', bootstrap, 'GET', '/openapi/v3/apis/certificates.k8s.io/v1', true],
    ['a bootstrapper approving a CSR', bootstrap, 'PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/c1/approval', false],
    ['a bootstrapper writing CSR status', bootstrap, 'PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/c1/status', false],
    ['a bootstrapper deleting a CSR', bootstrap, 'DELETE', '/apis/certificates.k8s.io/v1/certificatesigningrequests/c1', false],
    ['a bootstrapper listing pods', bootstrap, 'GET', '/api/v1/namespaces/default/pods', false],
    ['a bootstrapper registering a node', bootstrap, 'POST', '/api/v1/nodes', false],
    ['a bootstrapper posting to /api', bootstrap, 'POST', '/api', false],
  ])('%s: %s', (_name, user, method, url, allowed) => {
    expect(authorize(requestAttributes(method, url, user)).allowed).toBe(allowed);
  });
});

describe('mayMakeAnyRequest', () => {
  const requests: [string, string][] = [
    ['DELETE', '/api/v1/nodes/n1'],
    ['GET', '/api/v1/namespaces/default/pods'],
    ['PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/c1/approval'],
    ['POST', '/api'],
  ];

  it.each<[string, UserInfo, boolean]>([
    ['an admin', admin, true],
    ['a node', node, true],
    ['another user', someone, true],
    ['a bootstrapper', bootstrap, false],
    ['a bootstrapper that is also a node', { ...bootstrap, groups: ['system:bootstrappers', 'system:nodes'] }, true],
  ])('%s: %s', (_name, user, any) => {
    expect(mayMakeAnyRequest(user)).toBe(any);
    // Whoever it lets through without attributes, the authorizer allows every request.
    if (any) for (const [method, url] of requests) expect(authorize(requestAttributes(method, url, user)).allowed).toBe(true);
  });
});

describe('forbiddenError', () => {
  it.each<[string, string, string, Record<string, string>]>([
    [
      'GET',
      '/api/v1/namespaces/default/pods',
      'pods is forbidden: User "system:bootstrap:abcdef" cannot list resource "pods" in API group "" in the namespace "default"',
      { kind: 'pods' },
    ],
    [
      'GET',
      '/api/v1/namespaces/default/secrets/s1',
      'secrets "s1" is forbidden: User "system:bootstrap:abcdef" cannot get resource "secrets" in API group "" in the namespace "default"',
      { kind: 'secrets', name: 's1' },
    ],
    [
      'POST',
      '/api/v1/nodes',
      'nodes is forbidden: User "system:bootstrap:abcdef" cannot create resource "nodes" in API group "" at the cluster scope',
      { kind: 'nodes' },
    ],
    [
      'PUT',
      '/apis/certificates.k8s.io/v1/certificatesigningrequests/c1/approval',
      'certificatesigningrequests.certificates.k8s.io "c1" is forbidden: User "system:bootstrap:abcdef" cannot update resource "certificatesigningrequests/approval" in API group "certificates.k8s.io" at the cluster scope',
      { kind: 'certificatesigningrequests', group: 'certificates.k8s.io', name: 'c1' },
    ],
    ['POST', '/logs', 'forbidden: User "system:bootstrap:abcdef" cannot post path "/logs"', {}],
  ])('%s %s', (method, url, message, details) => {
    const error = forbiddenError(requestAttributes(method, url, bootstrap));
    expect(error.httpStatus).toBe(403);
    expect(error.toStatus()).toMatchObject({ reason: 'Forbidden', code: 403, message });
    expect(error.toStatus().details ?? {}).toEqual(details);
  });
});
