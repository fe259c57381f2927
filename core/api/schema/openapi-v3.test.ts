import { describe, expect, it } from 'vitest';
import { openApiV3Document, openApiV3DocumentHash, openApiV3Paths } from './openapi-v3.ts';
import {
  allRefs,
  explainField,
  get,
  LISTED_GROUP_VERSIONS,
  operations,
  queryParameterNames,
} from './openapi-test-helpers.ts';

const APPS = LISTED_GROUP_VERSIONS[1] ?? { group: 'apps', version: 'v1', resources: [] };
const CORE = LISTED_GROUP_VERSIONS[0] ?? { group: '', version: 'v1', resources: [] };

function appsDocument(): unknown {
  return openApiV3Document('apps', 'v1', APPS.resources);
}

const DEPLOYMENT_GVK = { group: 'apps', kind: 'Deployment', version: 'v1' };
const COLLECTION = '/apis/apps/v1/namespaces/{namespace}/deployments';

describe('openApiV3Document', () => {
  it('has the Deployment schema tagged with its group/version/kind', () => {
    const deployment = get(appsDocument(), 'components', 'schemas', 'io.k8s.api.apps.v1.Deployment');
    expect(get(deployment, 'x-kubernetes-group-version-kind')).toEqual([DEPLOYMENT_GVK]);
    expect(get(deployment, 'type')).toBe('object');
    expect(Object.keys(get(deployment, 'properties') ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });

  it('offers fieldValidation on POST, on the operation itself, tagged with the GVK', () => {
    const post = get(appsDocument(), 'paths', COLLECTION, 'post');
    expect(queryParameterNames(post)).toContain('fieldValidation');
    expect(get(post, 'x-kubernetes-group-version-kind')).toEqual(DEPLOYMENT_GVK);
    expect(get(post, 'x-kubernetes-action')).toBe('create');
  });

  it('serves get/put/post/delete/patch on the collection and item paths', () => {
    const document = appsDocument();
    expect(Object.keys(get(document, 'paths', COLLECTION) ?? {})).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
    expect(Object.keys(get(document, 'paths', `${COLLECTION}/{name}`) ?? {})).toEqual(
      expect.arrayContaining(['get', 'put', 'patch', 'delete']),
    );
    expect(get(document, 'paths', '/apis/apps/v1/deployments', 'get', 'x-kubernetes-action')).toBe('list');
  });

  it('puts fieldValidation on every POST, PUT and PATCH of every listed group/version', () => {
    for (const { group, version, resources } of LISTED_GROUP_VERSIONS) {
      for (const { path, method, operation } of operations(openApiV3Document(group, version, resources))) {
        if (method === 'post' || method === 'put' || method === 'patch') {
          expect(queryParameterNames(operation), `${method} ${path}`).toContain('fieldValidation');
        }
      }
    }
  });

  it('tags subresource operations with the kind they carry', () => {
    const scale = get(appsDocument(), 'paths', `${COLLECTION}/{name}/scale`, 'patch');
    expect(get(scale, 'x-kubernetes-group-version-kind')).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    expect(get(appsDocument(), 'components', 'schemas', 'io.k8s.api.autoscaling.v1.Scale', 'x-kubernetes-group-version-kind')).toEqual([
      { group: 'autoscaling', kind: 'Scale', version: 'v1' },
    ]);
    const eviction = get(openApiV3Document('', 'v1', CORE.resources), 'paths', '/api/v1/namespaces/{namespace}/pods/{name}/eviction');
    expect(Object.keys(eviction ?? {})).toEqual(['parameters', 'post']);
  });

  it('leaves strategic merge patch out of PATCH bodies, so kubectl uses its compiled-in patch metadata', () => {
    const content = get(appsDocument(), 'paths', `${COLLECTION}/{name}`, 'patch', 'requestBody', 'content');
    expect(Object.keys(content ?? {})).toEqual(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  });

  it('only references schemas it defines', () => {
    for (const { group, version, resources } of LISTED_GROUP_VERSIONS) {
      const document = openApiV3Document(group, version, resources);
      const schemas = get(document, 'components', 'schemas') ?? {};
      for (const ref of new Set(allRefs(document))) {
        expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
        expect(Object.keys(schemas), ref).toContain(ref.slice('#/components/schemas/'.length));
      }
    }
  });

  it('lets `kubectl explain pods.spec.containers` walk from the Pod to the Container fields', () => {
    const document = openApiV3Document('', 'v1', CORE.resources);
    const pod = get(document, 'components', 'schemas', 'io.k8s.api.core.v1.Pod');
    const container = explainField(document, pod, 'spec.containers');
    expect(get(container, 'description')).toBe('A single application container that you want to run within a pod.');
    expect(get(container, 'required')).toEqual(['name']);
    expect(Object.keys(get(container, 'properties') ?? {})).toEqual(expect.arrayContaining(['name', 'image', 'imagePullPolicy', 'ports']));
    const limits = explainField(document, pod, 'spec.containers.resources.limits');
    expect(get(limits, 'additionalProperties')).toEqual({ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' });
  });

  it('spells IntOrString and Quantity as Kubernetes v3 does', () => {
    const schemas = get(appsDocument(), 'components', 'schemas');
    expect(get(schemas, 'io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(get(schemas, 'io.k8s.apimachinery.pkg.api.resource.Quantity')).toMatchObject({ oneOf: [{ type: 'string' }, { type: 'number' }] });
  });

  it('gives kinds without a client model a permissive schema and the same paths', () => {
    const document = openApiV3Document('example.com', 'v1', [{ kind: 'Widget', plural: 'widgets', namespaced: true }]);
    expect(get(document, 'components', 'schemas', 'io.k8s.api.example.v1.Widget')).toMatchObject({
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'Widget', version: 'v1' }],
    });
    const patch = get(document, 'paths', '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}', 'patch');
    expect(queryParameterNames(patch)).toContain('fieldValidation');
  });

  it('memoizes: the same resources give the same document object', () => {
    expect(openApiV3Document('apps', 'v1', APPS.resources)).toBe(appsDocument());
    expect(get(openApiV3Document('', 'v1', CORE.resources), 'openapi')).toBe('3.0.0');
  });
});

describe('openApiV3Paths', () => {
  it('indexes each group/version by its API path, with a hash that tracks the document', () => {
    const { paths } = openApiV3Paths(LISTED_GROUP_VERSIONS);
    expect(Object.keys(paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/policy/v1',
      'apis/autoscaling/v1',
    ]);
    expect(paths['apis/apps/v1']?.serverRelativeURL).toBe(`/openapi/v3/apis/apps/v1?hash=${openApiV3DocumentHash('apps', 'v1', APPS.resources)}`);
    expect(paths['api/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('changes the hash when the served resources change', () => {
    const fewer = APPS.resources.slice(0, 1);
    expect(openApiV3DocumentHash('apps', 'v1', fewer)).not.toBe(openApiV3DocumentHash('apps', 'v1', APPS.resources));
  });
});
