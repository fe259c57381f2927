import { describe, expect, it } from 'vitest';
import { ResourceRegistry } from '../registry.ts';
import { kubernelKinds } from './kubernel-kinds.ts';

// builtinRegistry() composes these with the other groups; the e2e test (test/e2e/kubectl-nodepools.test.ts) sees them served.
describe('kubernel.dev/v1alpha1 kinds', () => {
  const registry = new ResourceRegistry(kubernelKinds());

  it.each([
    ['nodepools', 'NodePool', 'nodepool'],
    ['nodeclaims', 'NodeClaim', 'nodeclaim'],
  ])('serves %s, cluster-scoped, with a status subresource', (plural, kind, singular) => {
    const type = registry.lookup('kubernel.dev', 'v1alpha1', plural);
    expect(type).toMatchObject({ kind, singular, namespaced: false, shortNames: [], subresources: ['status'], hasStatus: true });
    expect(registry.byGroupKind('kubernel.dev', kind)).toBe(type);
  });

  it('lists the group/version for discovery', () => {
    expect(registry.groupVersions()).toEqual([{ group: 'kubernel.dev', version: 'v1alpha1' }]);
    expect(registry.inGroupVersion('kubernel.dev', 'v1alpha1').map((t) => t.plural)).toEqual(['nodepools', 'nodeclaims']);
  });

  it.each(['nodepools', 'nodeclaims'])('drops the status a client sends when creating %s', (plural) => {
    const type = registry.lookup('kubernel.dev', 'v1alpha1', plural);
    const obj = { apiVersion: 'kubernel.dev/v1alpha1', kind: 'X', metadata: { name: 'a' }, spec: {}, status: { nodeName: 'forged' } };
    type?.prepareForCreate?.(obj);
    expect(obj).not.toHaveProperty('status');
  });
});
