import { admissionDefaults } from '../kinds/support/admission-defaults.ts';
import { defaultConfigMap } from '../kinds/configmap/defaults.ts';
import { configMapTable } from '../kinds/configmap/table.ts';
import { validateConfigMap, validateConfigMapUpdate } from '../kinds/configmap/validation.ts';
import { defaultEndpoints } from '../kinds/endpoints/defaults.ts';
import { endpointsTable } from '../kinds/endpoints/table.ts';
import { validateEndpoints, validateEndpointsUpdate } from '../kinds/endpoints/validation.ts';
import { defaultEvent } from '../kinds/event/defaults.ts';
import { eventTable } from '../kinds/event/table.ts';
import { validateEvent, validateEventUpdate } from '../kinds/event/validation.ts';
import { defaultNamespace } from '../kinds/namespace/defaults.ts';
import { prepareNamespaceForCreate } from '../kinds/namespace/prepare-create.ts';
import { prepareNamespaceForUpdate } from '../kinds/namespace/prepare-update.ts';
import { namespaceTable } from '../kinds/namespace/table.ts';
import { validateNamespace, validateNamespaceUpdate } from '../kinds/namespace/validation.ts';
import { defaultNode } from '../kinds/node/defaults.ts';
import { nodeTable } from '../kinds/node/table.ts';
import { validateNode, validateNodeUpdate } from '../kinds/node/validation.ts';
import { defaultPersistentVolume } from '../kinds/persistentvolume/defaults.ts';
import { persistentVolumeTable } from '../kinds/persistentvolume/table.ts';
import { validatePersistentVolume, validatePersistentVolumeUpdate } from '../kinds/persistentvolume/validation.ts';
import { defaultPersistentVolumeClaim } from '../kinds/persistentvolumeclaim/defaults.ts';
import { persistentVolumeClaimTable } from '../kinds/persistentvolumeclaim/table.ts';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from '../kinds/persistentvolumeclaim/validation.ts';
import { defaultPod, initialPodStatus } from '../kinds/pod/defaults.ts';
import { podTable } from '../kinds/pod/table.ts';
import { validatePod, validatePodStatusUpdate, validatePodUpdate } from '../kinds/pod/validation.ts';
import { defaultSecret } from '../kinds/secret/defaults.ts';
import { secretTable } from '../kinds/secret/table.ts';
import { validateSecret, validateSecretUpdate } from '../kinds/secret/validation.ts';
import { defaultService } from '../kinds/service/defaults.ts';
import { prepareServiceForUpdate } from '../kinds/service/prepare-update.ts';
import { serviceTable } from '../kinds/service/table.ts';
import { validateService, validateServiceUpdate } from '../kinds/service/validation.ts';
import { defaultServiceAccount } from '../kinds/serviceaccount/defaults.ts';
import { serviceAccountTable } from '../kinds/serviceaccount/table.ts';
import { validateServiceAccount, validateServiceAccountUpdate } from '../kinds/serviceaccount/validation.ts';
import type { ResourceType } from '../resource-type.ts';
import { isRecord } from '../types/meta.ts';
import { defineKind, pathFields, resetStatus } from './define-kind.ts';

/** The core/v1 kinds Kubernel serves, with Kubernetes' short names, categories and field selectors. */
export function coreV1Kinds(): ResourceType[] {
  return [
    defineKind({
      kind: 'Namespace',
      plural: 'namespaces',
      namespaced: false,
      shortNames: ['ns'],
      subresources: ['status'],
      selectableFields: pathFields('status.phase'),
      defaults: defaultNamespace,
      validate: validateNamespace,
      validateUpdate: validateNamespaceUpdate,
      table: namespaceTable,
      prepareForCreate: (ns) => {
        resetStatus(() => ({ phase: 'Active' }))(ns);
        prepareNamespaceForCreate(ns);
      },
      prepareForUpdate: prepareNamespaceForUpdate,
    }),
    defineKind({
      kind: 'Pod',
      plural: 'pods',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      subresources: ['status', 'binding', 'eviction', 'log', 'exec'],
      selectableFields: pathFields(
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.nominatedNodeName',
      ),
      defaults: admissionDefaults(defaultPod),
      validate: validatePod,
      validateUpdate: validatePodUpdate,
      validateStatusUpdate: validatePodStatusUpdate,
      table: podTable,
      prepareForCreate: (pod) => {
        // As the ServiceAccount admission plugin: a pod runs as "default" unless it names another.
        const spec = isRecord(pod['spec']) ? pod['spec'] : undefined;
        if (spec !== undefined && (spec['serviceAccountName'] === undefined || spec['serviceAccountName'] === '')) {
          spec['serviceAccountName'] = typeof spec['serviceAccount'] === 'string' && spec['serviceAccount'] !== '' ? spec['serviceAccount'] : 'default';
        }
        if (spec !== undefined) spec['serviceAccount'] = spec['serviceAccountName'];
        initialPodStatus(pod);
      },
    }),
    defineKind({
      kind: 'Service',
      plural: 'services',
      namespaced: true,
      shortNames: ['svc'],
      categories: ['all'],
      subresources: ['status'],
      selectableFields: pathFields('spec.clusterIP', 'spec.type'),
      defaults: defaultService,
      validate: validateService,
      validateUpdate: validateServiceUpdate,
      table: serviceTable,
      prepareForCreate: resetStatus(() => ({ loadBalancer: {} })),
      prepareForUpdate: prepareServiceForUpdate,
    }),
    defineKind({
      kind: 'Endpoints',
      plural: 'endpoints',
      namespaced: true,
      shortNames: ['ep'],
      defaults: defaultEndpoints,
      validate: validateEndpoints,
      validateUpdate: validateEndpointsUpdate,
      table: endpointsTable,
      allowCreateOnUpdate: true,
    }),
    defineKind({
      kind: 'ConfigMap',
      plural: 'configmaps',
      namespaced: true,
      shortNames: ['cm'],
      defaults: defaultConfigMap,
      validate: validateConfigMap,
      validateUpdate: validateConfigMapUpdate,
      table: configMapTable,
    }),
    defineKind({
      kind: 'Secret',
      plural: 'secrets',
      namespaced: true,
      selectableFields: pathFields('type'),
      defaults: defaultSecret,
      validate: validateSecret,
      validateUpdate: validateSecretUpdate,
      table: secretTable,
    }),
    defineKind({
      kind: 'Node',
      plural: 'nodes',
      namespaced: false,
      shortNames: ['no'],
      subresources: ['status'],
      selectableFields: pathFields('spec.unschedulable'),
      defaults: defaultNode,
      validate: validateNode,
      validateUpdate: validateNodeUpdate,
      table: nodeTable,
    }),
    defineKind({
      kind: 'Event',
      plural: 'events',
      namespaced: true,
      shortNames: ['ev'],
      selectableFields: pathFields(
        'involvedObject.kind',
        'involvedObject.namespace',
        'involvedObject.name',
        'involvedObject.uid',
        'involvedObject.apiVersion',
        'involvedObject.resourceVersion',
        'involvedObject.fieldPath',
        'reason',
        'reportingComponent',
        'source',
        'type',
      ),
      defaults: defaultEvent,
      validate: validateEvent,
      validateUpdate: validateEventUpdate,
      table: eventTable,
    }),
    defineKind({
      kind: 'ServiceAccount',
      plural: 'serviceaccounts',
      namespaced: true,
      shortNames: ['sa'],
      defaults: defaultServiceAccount,
      validate: validateServiceAccount,
      validateUpdate: validateServiceAccountUpdate,
      table: serviceAccountTable,
    }),
    defineKind({
      kind: 'PersistentVolume',
      plural: 'persistentvolumes',
      namespaced: false,
      shortNames: ['pv'],
      subresources: ['status'],
      defaults: defaultPersistentVolume,
      validate: validatePersistentVolume,
      validateUpdate: validatePersistentVolumeUpdate,
      table: persistentVolumeTable,
      prepareForCreate: resetStatus(() => ({ phase: 'Pending' })),
    }),
    defineKind({
      kind: 'PersistentVolumeClaim',
      plural: 'persistentvolumeclaims',
      namespaced: true,
      shortNames: ['pvc'],
      subresources: ['status'],
      defaults: defaultPersistentVolumeClaim,
      validate: validatePersistentVolumeClaim,
      validateUpdate: validatePersistentVolumeClaimUpdate,
      table: persistentVolumeClaimTable,
      prepareForCreate: resetStatus(() => ({ phase: 'Pending' })),
    }),
  ];
}
