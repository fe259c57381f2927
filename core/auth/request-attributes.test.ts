import { describe, expect, it } from 'vitest';
import { requestAttributes } from './request-attributes.ts';

const user = { name: 'u', groups: [] };

describe('requestAttributes', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default', name: '', subresource: '' }],
    ['GET', '/api/v1/namespaces/default/pods?watch=1&resourceVersion=5', { verb: 'watch', resource: 'pods', namespace: 'default' }],
    ['GET', '/api/v1/pods?watch=true', { verb: 'watch', resource: 'pods', namespace: '' }],
    ['GET', '/api/v1/namespaces/default/pods/web', { verb: 'get', name: 'web' }],
    ['GET', '/api/v1/namespaces/default/pods/web/log', { verb: 'get', name: 'web', subresource: 'log' }],
    ['POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', { verb: 'create', apiGroup: 'certificates.k8s.io', apiVersion: 'v1', resource: 'certificatesigningrequests' }],
    ['PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/c1/approval', { verb: 'update', name: 'c1', subresource: 'approval', namespace: '' }],
    ['PATCH', '/apis/apps/v1/namespaces/a/deployments/d/scale', { verb: 'patch', apiGroup: 'apps', subresource: 'scale' }],
    ['DELETE', '/api/v1/namespaces/a/configmaps', { verb: 'deletecollection', resource: 'configmaps' }],
    ['DELETE', '/api/v1/namespaces/a/configmaps/c', { verb: 'delete', name: 'c' }],
    ['DELETE', '/api/v1/namespaces/a', { verb: 'delete', resource: 'namespaces', name: 'a', namespace: 'a' }],
  ])('%s %s', (method, url, expected) => {
    expect(requestAttributes(method, url, user)).toMatchObject({ resourceRequest: true, ...expected });
  });

  it.each([
    ['GET', '/api', 'get'],
    ['GET', '/apis/apps/v1', 'get'],
    ['GET', '/openapi/v2?timeout=32s', 'get'],
    ['POST', '/logs', 'post'],
  ])('%s %s is no resource request', (method, url, verb) => {
    expect(requestAttributes(method, url, user)).toEqual({ user, resourceRequest: false, verb, path: url.split('?')[0] });
  });
});
