import { defaultNodeClaim } from '../kinds/nodeclaim/defaults.ts';
import { nodeClaimTable } from '../kinds/nodeclaim/table.ts';
import { validateNodeClaim, validateNodeClaimUpdate } from '../kinds/nodeclaim/validation.ts';
import { defaultNodePool } from '../kinds/nodepool/defaults.ts';
import { nodePoolTable } from '../kinds/nodepool/table.ts';
import { validateNodePool, validateNodePoolUpdate } from '../kinds/nodepool/validation.ts';
import type { ResourceType } from '../resource-type.ts';
import { KUBERNEL_SCHEMA_GROUP, KUBERNEL_SCHEMA_VERSION } from '../schema/kubernel-names.ts';
import { defineKind, resetStatus } from './define-kind.ts';

/**
 * kubernel.dev/v1alpha1: the pools nodes are launched from and the claims the
 * provisioner makes. Both are cluster-scoped and, like a custom resource with
 * a status subresource, start without status and change it only through /status.
 */
export function kubernelKinds(): ResourceType[] {
  return [
    defineKind({
      group: KUBERNEL_SCHEMA_GROUP,
      version: KUBERNEL_SCHEMA_VERSION,
      kind: 'NodePool',
      plural: 'nodepools',
      namespaced: false,
      subresources: ['status'],
      defaults: defaultNodePool,
      validate: validateNodePool,
      validateUpdate: validateNodePoolUpdate,
      table: nodePoolTable,
      prepareForCreate: resetStatus(),
    }),
    defineKind({
      group: KUBERNEL_SCHEMA_GROUP,
      version: KUBERNEL_SCHEMA_VERSION,
      kind: 'NodeClaim',
      plural: 'nodeclaims',
      namespaced: false,
      subresources: ['status'],
      defaults: defaultNodeClaim,
      validate: validateNodeClaim,
      validateUpdate: validateNodeClaimUpdate,
      table: nodeClaimTable,
      prepareForCreate: resetStatus(),
    }),
  ];
}
