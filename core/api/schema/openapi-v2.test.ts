import { describe, expect, it } from 'vitest';
import { openApiV2Document } from './openapi-v2.ts';
import { allRefs, explainField, get, LISTED_GROUP_VERSIONS, operations, queryParameterNames } from './openapi-test-helpers.ts';

function document(): unknown {
  return openApiV2Document(LISTED_GROUP_VERSIONS);
}

describe('openApiV2Document', () => {
  it('is swagger 2.0 with Kubernetes definition names tagged with their GVK', () => {
    expect(get(document(), 'swagger')).toBe('2.0');
    const definitions = get(document(), 'definitions');
    expect(get(definitions, 'io.k8s.api.apps.v1.Deployment', 'x-kubernetes-group-version-kind')).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(get(definitions, 'io.k8s.api.coordination.v1.Lease', 'x-kubernetes-group-version-kind')).toEqual([
      { group: 'coordination.k8s.io', kind: 'Lease', version: 'v1' },
    ]);
    expect(get(definitions, 'io.k8s.api.core.v1.Pod', 'x-kubernetes-group-version-kind')).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
  });

  it('serves the paths of every group/version with fieldValidation on each POST, PUT and PATCH', () => {
    const all = operations(document());
    expect(all.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'post /api/v1/namespaces/{namespace}/pods',
        'patch /api/v1/namespaces/{namespace}/pods/{name}',
        'put /apis/apps/v1/namespaces/{namespace}/deployments/{name}',
        'get /apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices',
        'patch /api/v1/nodes/{name}',
      ]),
    );
    for (const { path, method, operation } of all) {
      if (method === 'post' || method === 'put' || method === 'patch') {
        expect(queryParameterNames(operation), `${method} ${path}`).toContain('fieldValidation');
      }
    }
  });

  it('describes query parameters and bodies in the swagger 2.0 way', () => {
    const patch = get(document(), 'paths', '/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'patch');
    const parameters = get(patch, 'parameters');
    expect(parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'fieldValidation', in: 'query', type: 'string' }),
        { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } },
      ]),
    );
    expect(get(patch, 'x-kubernetes-group-version-kind')).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(get(patch, 'consumes')).not.toContain('application/strategic-merge-patch+json');
  });

  it('only references definitions it has', () => {
    const definitions = Object.keys(get(document(), 'definitions') ?? {});
    for (const ref of new Set(allRefs(document()))) {
      expect(ref.startsWith('#/definitions/'), ref).toBe(true);
      expect(definitions, ref).toContain(ref.slice('#/definitions/'.length));
    }
  });

  it('keeps $ref beside descriptions and types IntOrString as a string', () => {
    const definitions = get(document(), 'definitions');
    const container = explainField(document(), get(definitions, 'io.k8s.api.core.v1.Pod'), 'spec.containers');
    expect(get(container, 'properties', 'resources')).toMatchObject({ $ref: '#/definitions/io.k8s.api.core.v1.ResourceRequirements' });
    expect(get(definitions, 'io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({ type: 'string', format: 'int-or-string' });
  });

  it('memoizes per set of group/versions', () => {
    expect(openApiV2Document(LISTED_GROUP_VERSIONS)).toBe(document());
  });
});
