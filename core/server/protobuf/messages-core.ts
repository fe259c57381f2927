import { bool, bytesMap, int32, message, messages, microTime, string, stringMap, strings, time, type MessageSpec } from './schema.ts';

/**
 * core/v1 ConfigMap, Secret, Namespace, ServiceAccount, Binding (pods/binding) and Event,
 * with the references they share (k8s.io/api/core/v1/generated.proto).
 */
export const CORE_MESSAGES = {
  ConfigMap: { 1: message('metadata', 'ObjectMeta'), 4: bool('immutable', 'pointer'), 2: stringMap('data'), 3: bytesMap('binaryData') },
  Secret: {
    1: message('metadata', 'ObjectMeta'),
    5: bool('immutable', 'pointer'),
    2: bytesMap('data'),
    4: stringMap('stringData'),
    3: string('type'),
  },
  Namespace: { 1: message('metadata', 'ObjectMeta'), 2: message('spec', 'NamespaceSpec'), 3: message('status', 'NamespaceStatus') },
  NamespaceSpec: { 1: strings('finalizers') },
  NamespaceStatus: { 1: string('phase'), 2: messages('conditions', 'NamespaceCondition') },
  NamespaceCondition: {
    1: string('type', 'always'),
    2: string('status', 'always'),
    4: time('lastTransitionTime'),
    5: string('reason'),
    6: string('message'),
  },
  ServiceAccount: {
    1: message('metadata', 'ObjectMeta'),
    2: messages('secrets', 'ObjectReference'),
    3: messages('imagePullSecrets', 'LocalObjectReference'),
    4: bool('automountServiceAccountToken', 'pointer'),
  },
  ObjectReference: {
    1: string('kind'),
    2: string('namespace'),
    3: string('name'),
    4: string('uid'),
    5: string('apiVersion'),
    6: string('resourceVersion'),
    7: string('fieldPath'),
  },
  LocalObjectReference: { 1: string('name') },
  Binding: { 1: message('metadata', 'ObjectMeta'), 2: message('target', 'ObjectReference') },
  Event: {
    1: message('metadata', 'ObjectMeta'),
    2: message('involvedObject', 'ObjectReference'),
    3: string('reason'),
    4: string('message'),
    5: message('source', 'EventSource'),
    6: time('firstTimestamp'),
    7: time('lastTimestamp'),
    8: int32('count'),
    9: string('type'),
    10: microTime('eventTime'),
    11: message('series', 'EventSeries'),
    12: string('action'),
    13: message('related', 'ObjectReference'),
    14: string('reportingComponent', 'always'),
    15: string('reportingInstance', 'always'),
  },
  EventSource: { 1: string('component'), 2: string('host') },
  EventSeries: { 1: int32('count'), 2: microTime('lastObservedTime') },
} satisfies Record<string, MessageSpec>;
