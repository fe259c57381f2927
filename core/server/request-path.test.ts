import { describe, expect, it } from 'vitest';
import { parseResourcePath } from './request-path.ts';

describe('parseResourcePath', () => {
  it.each([
    ['/api/v1/namespaces/bench/configmaps/a?watch=1', { group: '', version: 'v1', namespace: 'bench', plural: 'configmaps', name: 'a', subresource: undefined }],
    ['/apis/apps/v1/namespaces/default/deployments/web/scale', { group: 'apps', version: 'v1', namespace: 'default', plural: 'deployments', name: 'web', subresource: 'scale' }],
    ['/api/v1/namespaces/x', { group: '', version: 'v1', namespace: undefined, plural: 'namespaces', name: 'x', subresource: undefined }],
    ['/api/v1/namespaces/x/finalize', { group: '', version: 'v1', namespace: undefined, plural: 'namespaces', name: 'x', subresource: 'finalize' }],
    ['/api/v1/nodes', { group: '', version: 'v1', namespace: undefined, plural: 'nodes', name: undefined, subresource: undefined }],
    ['/api/v1/namespaces/a%2Fb/configmaps/caf%C3%A9', { group: '', version: 'v1', namespace: 'a/b', plural: 'configmaps', name: 'café', subresource: undefined }],
    ['/api//v1///configmaps', { group: '', version: 'v1', namespace: undefined, plural: 'configmaps', name: undefined, subresource: undefined }],
  ])('parses %s', (url, expected) => {
    expect(parseResourcePath(url)).toEqual(expected);
  });

  it.each(['/healthz', '/api/v1', '/apis/apps/v1', '/api/v1/pods/a/status/extra'])('refuses %s', (url) => {
    expect(parseResourcePath(url)).toBeUndefined();
  });

  it('throws on a malformed escape, as decodeURIComponent does', () => {
    expect(() => parseResourcePath('/api/v1/namespaces/%E0%A4%A/configmaps')).toThrow(URIError);
  });
});
