import { describe, expect, it } from 'vitest';
import { isRecord } from '../types/meta.ts';
import { openApiV2Document } from './openapi-v2.ts';
import { allRefs, explainField, get, queryParameterNames } from './openapi-test-helpers.ts';
import { openApiV3Document } from './openapi-v3.ts';
import { schemaForKind } from './schema.ts';
import { findTypeErrors, findUnknownFields } from './unknown-fields.ts';

const GROUP = 'kubernel.dev';
const VERSION = 'v1alpha1';
const RESOURCES = [
  { kind: 'NodePool', plural: 'nodepools', namespaced: false, subresources: ['status'] },
  { kind: 'NodeClaim', plural: 'nodeclaims', namespaced: false, subresources: ['status'] },
];
const POOL = 'dev.kubernel.v1alpha1.NodePool';
const CLAIM = 'dev.kubernel.v1alpha1.NodeClaim';

function v3(): unknown {
  return openApiV3Document(GROUP, VERSION, RESOURCES);
}
const schemas = (): unknown => get(v3(), 'components', 'schemas');
const entries = (value: unknown): [string, unknown][] => (isRecord(value) ? Object.entries(value) : []);

describe('kubernel.dev schemas', () => {
  it.each([
    ['NodePool', POOL, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
    ['NodePoolList', `${POOL}List`, 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta'],
    ['NodeClaim', CLAIM, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
    ['NodeClaimList', `${CLAIM}List`, 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta'],
  ])('%s is named after its reversed group, as a custom resource is', (kind, ref, meta) => {
    const schema = schemaForKind(GROUP, VERSION, kind);
    expect(schema?.ref).toBe(ref);
    expect(schema?.properties?.['metadata']?.ref).toBe(meta);
  });

  it('knows no other version or kind of the group', () => {
    expect(schemaForKind(GROUP, 'v1', 'NodePool')).toBeUndefined();
    expect(schemaForKind(GROUP, VERSION, 'NodeClass')).toBeUndefined();
  });

  it('reports unknown fields but keeps the free-form provider options', () => {
    const schema = schemaForKind(GROUP, VERSION, 'NodePool');
    const pool = {
      apiVersion: 'kubernel.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'general', labelz: {} },
      spec: { provider: 'aws', minn: 1, options: { anything: { goes: [1, 2] } }, disruption: { budgets: [{ nodes: '1', schedule: '@daily' }] } },
    };
    expect(schema && findUnknownFields(schema, pool)).toEqual(['metadata.labelz', 'spec.minn', 'spec.disruption.budgets[0].schedule']);
  });

  it('types min as an integer and limits as quantities', () => {
    const schema = schemaForKind(GROUP, VERSION, 'NodePool');
    const pool = { spec: { provider: 'aws', min: '1', limits: { cpu: 4, memory: '1Gi' } } };
    expect(schema && findTypeErrors(schema, pool)).toEqual([{ path: 'spec.min', expected: 'integer', found: 'string' }]);
  });
});

describe('kubernel.dev in OpenAPI v3', () => {
  it('tags the kinds and lists with their group/version/kind', () => {
    expect(get(schemas(), POOL, 'x-kubernetes-group-version-kind')).toEqual([{ group: GROUP, kind: 'NodePool', version: VERSION }]);
    expect(get(schemas(), CLAIM, 'x-kubernetes-group-version-kind')).toEqual([{ group: GROUP, kind: 'NodeClaim', version: VERSION }]);
    expect(get(schemas(), `${POOL}List`, 'x-kubernetes-group-version-kind')).toEqual([{ group: GROUP, kind: 'NodePoolList', version: VERSION }]);
  });

  it('has every $ref resolve to a schema of the document', () => {
    const names = entries(schemas()).map(([name]) => name);
    for (const ref of allRefs(v3())) expect(names, ref).toContain(ref.replace('#/components/schemas/', ''));
  });

  it('lets kubectl explain walk nodepool.spec.disruption.budgets and nodeclaim.spec.requirements', () => {
    const budget = explainField(v3(), get(schemas(), POOL), 'spec.disruption.budgets');
    expect(Object.keys(get(budget, 'properties') ?? {})).toEqual(['nodes']);
    expect(get(budget, 'description')).toMatch(/^Budget limits how many nodes/);
    const requirement = explainField(v3(), get(schemas(), CLAIM), 'spec.requirements');
    expect(get(requirement, 'required')).toEqual(['key', 'operator']);
  });

  it('documents every field and marks the required ones', () => {
    const ours = entries(schemas()).filter(([name]) => name.startsWith('dev.kubernel.'));
    expect(ours.length).toBeGreaterThan(10);
    for (const [name, definition] of ours) {
      expect(get(definition, 'description'), name).toEqual(expect.any(String));
      for (const [field, property] of entries(get(definition, 'properties'))) {
        expect(get(property, 'description'), `${name}.${field}`).toEqual(expect.any(String));
      }
    }
    expect(get(schemas(), `${POOL}Spec`, 'required')).toEqual(['provider']);
    expect(get(schemas(), POOL, 'required')).toEqual(['spec']);
  });

  it('serves the cluster-scoped paths with their status subresource, bodies typed by the kind', () => {
    const paths = get(v3(), 'paths');
    expect(Object.keys(paths ?? {})).toEqual([
      '/apis/kubernel.dev/v1alpha1/nodepools',
      '/apis/kubernel.dev/v1alpha1/nodepools/{name}',
      '/apis/kubernel.dev/v1alpha1/nodepools/{name}/status',
      '/apis/kubernel.dev/v1alpha1/nodeclaims',
      '/apis/kubernel.dev/v1alpha1/nodeclaims/{name}',
      '/apis/kubernel.dev/v1alpha1/nodeclaims/{name}/status',
    ]);
    const collection = get(paths, '/apis/kubernel.dev/v1alpha1/nodepools');
    expect(get(collection, 'post', 'requestBody', 'content', '*/*', 'schema', '$ref')).toBe(`#/components/schemas/${POOL}`);
    expect(get(collection, 'get', 'responses', '200', 'content', 'application/json', 'schema', '$ref')).toBe(`#/components/schemas/${POOL}List`);
  });

  it('offers no strategic merge patch, so kubectl apply falls back to a JSON merge patch as for a custom resource', () => {
    const patch = get(v3(), 'paths', '/apis/kubernel.dev/v1alpha1/nodeclaims/{name}', 'patch');
    expect(Object.keys(get(patch, 'requestBody', 'content') ?? {})).not.toContain('application/strategic-merge-patch+json');
    expect(queryParameterNames(patch)).toContain('fieldValidation');
    expect(get(patch, 'x-kubernetes-group-version-kind')).toEqual({ group: GROUP, kind: 'NodeClaim', version: VERSION });
  });
});

describe('kubernel.dev in OpenAPI v2', () => {
  it('carries the same definitions', () => {
    const definitions = get(openApiV2Document([{ group: GROUP, version: VERSION, resources: RESOURCES }]), 'definitions');
    expect(get(definitions, POOL, 'x-kubernetes-group-version-kind')).toEqual([{ group: GROUP, kind: 'NodePool', version: VERSION }]);
    expect(get(definitions, `${CLAIM}Spec`, 'properties', 'resources', '$ref')).toBe(`#/definitions/${CLAIM}Resources`);
  });
});
