/**
 * Definition names of the kubernel.dev kinds, which have no client model class.
 * kube-apiserver names a custom resource's definitions after its reversed group
 * (`sh.karpenter.v1.NodePool`), so ours are `dev.kubernel.v1alpha1.NodePool`.
 * Kept free of imports: definition-names.ts and kubernel-kinds.ts both need it.
 */

export const KUBERNEL_SCHEMA_GROUP = 'kubernel.dev';
export const KUBERNEL_SCHEMA_VERSION = 'v1alpha1';
const PACKAGE = 'dev.kubernel.v1alpha1';

/** The kinds kubernel-kinds.ts describes, lists included. */
export const KUBERNEL_SCHEMA_KINDS: readonly string[] = ['NodePool', 'NodePoolList', 'NodeClaim', 'NodeClaimList'];

/** `dev.kubernel.v1alpha1.<name>` for a kind or one of its parts. */
export function kubernelDefinitionName(name: string): string {
  return `${PACKAGE}.${name}`;
}

/** The definition name of a kubernel.dev kind, or undefined for any other group/version/kind. */
export function kubernelKindDefinitionName(group: string, version: string, kind: string): string | undefined {
  const known = group === KUBERNEL_SCHEMA_GROUP && version === KUBERNEL_SCHEMA_VERSION && KUBERNEL_SCHEMA_KINDS.includes(kind);
  return known ? kubernelDefinitionName(kind) : undefined;
}
