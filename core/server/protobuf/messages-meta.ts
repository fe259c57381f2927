import { bool, fieldsV1, int64, message, messages, string, stringMap, strings, time, type MessageSpec } from './schema.ts';

/**
 * meta/v1 types embedded in every kind (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto),
 * and DeleteOptions, the body of a DELETE (kubectl drain sends it as protobuf).
 */
export const META_MESSAGES = {
  ObjectMeta: {
    1: string('name'),
    2: string('generateName'),
    3: string('namespace'),
    4: string('selfLink'),
    5: string('uid'),
    6: string('resourceVersion'),
    7: int64('generation'),
    8: time('creationTimestamp'),
    9: time('deletionTimestamp'),
    10: int64('deletionGracePeriodSeconds', 'pointer'),
    11: stringMap('labels'),
    12: stringMap('annotations'),
    13: messages('ownerReferences', 'OwnerReference'),
    14: strings('finalizers'),
    17: messages('managedFields', 'ManagedFieldsEntry'),
  },
  OwnerReference: {
    5: string('apiVersion', 'always'),
    1: string('kind', 'always'),
    3: string('name', 'always'),
    4: string('uid', 'always'),
    6: bool('controller', 'pointer'),
    7: bool('blockOwnerDeletion', 'pointer'),
  },
  ManagedFieldsEntry: {
    1: string('manager'),
    2: string('operation'),
    3: string('apiVersion'),
    4: time('time'),
    6: string('fieldsType'),
    7: fieldsV1('fieldsV1'),
    8: string('subresource'),
  },
  LabelSelector: { 1: stringMap('matchLabels'), 2: messages('matchExpressions', 'LabelSelectorRequirement') },
  LabelSelectorRequirement: { 1: string('key', 'always'), 2: string('operator', 'always'), 3: strings('values') },
  Condition: {
    1: string('type', 'always'),
    2: string('status', 'always'),
    3: int64('observedGeneration'),
    4: time('lastTransitionTime'),
    5: string('reason', 'always'),
    6: string('message', 'always'),
  },
  DeleteOptions: {
    1: int64('gracePeriodSeconds', 'pointer'),
    2: message('preconditions', 'Preconditions'),
    3: bool('orphanDependents', 'pointer'),
    4: string('propagationPolicy', 'pointer'),
    5: strings('dryRun'),
    6: bool('ignoreStoreReadErrorWithClusterBreakingPotential', 'pointer'),
  },
  Preconditions: { 1: string('uid', 'pointer'), 2: string('resourceVersion', 'pointer') },
} satisfies Record<string, MessageSpec>;
