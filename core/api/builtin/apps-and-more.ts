import { admissionDefaults } from '../kinds/support/admission-defaults.ts';
import { defaultDeployment } from '../kinds/deployment/defaults.ts';
import { deploymentTable } from '../kinds/deployment/table.ts';
import { validateDeployment, validateDeploymentStatusUpdate, validateDeploymentUpdate } from '../kinds/deployment/validation.ts';
import { defaultEndpointSlice } from '../kinds/endpointslice/defaults.ts';
import { endpointSliceTable } from '../kinds/endpointslice/table.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../kinds/endpointslice/validation.ts';
import { defaultLease } from '../kinds/lease/defaults.ts';
import { leaseTable } from '../kinds/lease/table.ts';
import { validateLease, validateLeaseUpdate } from '../kinds/lease/validation.ts';
import { defaultReplicaSet } from '../kinds/replicaset/defaults.ts';
import { replicaSetTable } from '../kinds/replicaset/table.ts';
import { validateReplicaSet, validateReplicaSetStatusUpdate, validateReplicaSetUpdate } from '../kinds/replicaset/validation.ts';
import type { ResourceType } from '../resource-type.ts';
import { defineKind, pathFields, resetStatus } from './define-kind.ts';

/**
 * PrepareForCreate resets a Deployment's or ReplicaSet's status to the zero
 * struct, which Go prints as `status: {}` until a controller fills it in.
 */
const emptyStatus = (): Record<string, unknown> => ({});

/** apps/v1, coordination.k8s.io/v1 and discovery.k8s.io/v1 kinds. */
export function appsAndMoreKinds(): ResourceType[] {
  return [
    defineKind({
      group: 'apps',
      kind: 'Deployment',
      plural: 'deployments',
      namespaced: true,
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: ['status', 'scale'],
      defaults: admissionDefaults(defaultDeployment),
      validate: validateDeployment,
      validateUpdate: validateDeploymentUpdate,
      validateStatusUpdate: validateDeploymentStatusUpdate,
      table: deploymentTable,
      prepareForCreate: resetStatus(emptyStatus),
    }),
    defineKind({
      group: 'apps',
      kind: 'ReplicaSet',
      plural: 'replicasets',
      namespaced: true,
      shortNames: ['rs'],
      categories: ['all'],
      subresources: ['status', 'scale'],
      selectableFields: pathFields('status.replicas'),
      defaults: admissionDefaults(defaultReplicaSet),
      validate: validateReplicaSet,
      validateUpdate: validateReplicaSetUpdate,
      validateStatusUpdate: validateReplicaSetStatusUpdate,
      table: replicaSetTable,
      prepareForCreate: resetStatus(emptyStatus),
    }),
    defineKind({
      group: 'coordination.k8s.io',
      kind: 'Lease',
      plural: 'leases',
      namespaced: true,
      defaults: defaultLease,
      validate: validateLease,
      validateUpdate: validateLeaseUpdate,
      table: leaseTable,
      allowCreateOnUpdate: true,
    }),
    defineKind({
      group: 'discovery.k8s.io',
      kind: 'EndpointSlice',
      plural: 'endpointslices',
      namespaced: true,
      defaults: defaultEndpointSlice,
      validate: validateEndpointSlice,
      validateUpdate: validateEndpointSliceUpdate,
      table: endpointSliceTable,
    }),
  ];
}
