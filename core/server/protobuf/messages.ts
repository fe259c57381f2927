/**
 * The protobuf field numbers of the built-in kinds that kubectl's typed
 * clients send as `application/vnd.kubernetes.protobuf` (since client-go 1.31:
 * `kubectl create configmap|secret|namespace|serviceaccount`), from
 * k8s.io/api and k8s.io/apimachinery generated.proto. Each field also says how
 * Go's JSON encoding would print it, so a decoded body equals the JSON body
 * the same client would have sent.
 */

export type MessageName =
  | 'ObjectMeta'
  | 'OwnerReference'
  | 'ManagedFieldsEntry'
  | 'ObjectReference'
  | 'LocalObjectReference'
  | 'ConfigMap'
  | 'Secret'
  | 'Namespace'
  | 'NamespaceSpec'
  | 'NamespaceStatus'
  | 'NamespaceCondition'
  | 'ServiceAccount';

export type FieldType =
  | { kind: 'string' | 'bytes' | 'bool' | 'int32' | 'int64' }
  | { kind: 'message'; message: MessageName }
  /** meta/v1 Time: {seconds, nanos}; empty is Go's zero time, printed as null */
  | { kind: 'time' }
  /** meta/v1 FieldsV1: {Raw}, JSON bytes printed as they are */
  | { kind: 'fieldsV1' }
  | { kind: 'map'; value: 'string' | 'bytes' };

/**
 * omitempty: a zero value is dropped (a non-pointer Go field with omitempty);
 * pointer: a zero value that was sent is kept (`*bool`, `*int64`);
 * always: printed even when zero (no omitempty in the Go tag).
 */
export type Presence = 'omitempty' | 'pointer' | 'always';

export interface FieldSpec {
  json: string;
  type: FieldType;
  repeated?: boolean;
  presence?: Presence;
}

export type MessageSpec = Readonly<Record<number, FieldSpec>>;

const string = (json: string, presence: Presence = 'omitempty'): FieldSpec => ({ json, type: { kind: 'string' }, presence });
const strings = (json: string): FieldSpec => ({ json, type: { kind: 'string' }, repeated: true });
const boolPointer = (json: string): FieldSpec => ({ json, type: { kind: 'bool' }, presence: 'pointer' });
const message = (json: string, name: MessageName, repeated = false): FieldSpec => ({ json, type: { kind: 'message', message: name }, repeated });
const time = (json: string): FieldSpec => ({ json, type: { kind: 'time' } });
const stringMap = (json: string): FieldSpec => ({ json, type: { kind: 'map', value: 'string' } });
const bytesMap = (json: string): FieldSpec => ({ json, type: { kind: 'map', value: 'bytes' } });

export const MESSAGES: Readonly<Record<MessageName, MessageSpec>> = {
  ObjectMeta: {
    1: string('name'),
    2: string('generateName'),
    3: string('namespace'),
    4: string('selfLink'),
    5: string('uid'),
    6: string('resourceVersion'),
    7: { json: 'generation', type: { kind: 'int64' } },
    8: time('creationTimestamp'),
    9: time('deletionTimestamp'),
    10: { json: 'deletionGracePeriodSeconds', type: { kind: 'int64' }, presence: 'pointer' },
    11: stringMap('labels'),
    12: stringMap('annotations'),
    13: message('ownerReferences', 'OwnerReference', true),
    14: strings('finalizers'),
    17: message('managedFields', 'ManagedFieldsEntry', true),
  },
  OwnerReference: {
    5: string('apiVersion', 'always'),
    1: string('kind', 'always'),
    3: string('name', 'always'),
    4: string('uid', 'always'),
    6: boolPointer('controller'),
    7: boolPointer('blockOwnerDeletion'),
  },
  ManagedFieldsEntry: {
    1: string('manager'),
    2: string('operation'),
    3: string('apiVersion'),
    4: time('time'),
    6: string('fieldsType'),
    7: { json: 'fieldsV1', type: { kind: 'fieldsV1' } },
    8: string('subresource'),
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
  ConfigMap: {
    1: message('metadata', 'ObjectMeta'),
    4: boolPointer('immutable'),
    2: stringMap('data'),
    3: bytesMap('binaryData'),
  },
  Secret: {
    1: message('metadata', 'ObjectMeta'),
    5: boolPointer('immutable'),
    2: bytesMap('data'),
    4: stringMap('stringData'),
    3: string('type'),
  },
  Namespace: {
    1: message('metadata', 'ObjectMeta'),
    2: message('spec', 'NamespaceSpec'),
    3: message('status', 'NamespaceStatus'),
  },
  NamespaceSpec: { 1: strings('finalizers') },
  NamespaceStatus: {
    1: string('phase'),
    2: message('conditions', 'NamespaceCondition', true),
  },
  NamespaceCondition: {
    1: string('type', 'always'),
    2: string('status', 'always'),
    4: time('lastTransitionTime'),
    5: string('reason'),
    6: string('message'),
  },
  ServiceAccount: {
    1: message('metadata', 'ObjectMeta'),
    2: message('secrets', 'ObjectReference', true),
    3: message('imagePullSecrets', 'LocalObjectReference', true),
    4: boolPointer('automountServiceAccountToken'),
  },
};


/** Top-level kinds by `apiVersion/kind`; any other kind sent as protobuf is refused with 415. */
export const PROTOBUF_KINDS: Readonly<Record<string, MessageName>> = {
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/Namespace': 'Namespace',
  'v1/ServiceAccount': 'ServiceAccount',
};
