/**
 * The vocabulary of the message tables (messages-*.ts): for each protobuf
 * field number of a Kubernetes type, its JSON name, how it is encoded, and
 * how Go's JSON encoder would print it. The numbers and names come from
 * k8s.io/api and k8s.io/apimachinery generated.proto; the presence of each
 * field from the Go struct behind it (pointer or not, `omitempty` or not).
 */

export type ScalarKind = 'string' | 'bytes' | 'bool' | 'int32' | 'int64';

/**
 * Types with their own protobuf message but a plain JSON form:
 * time (meta/v1 Time, RFC 3339 to the second), microTime (RFC 3339 with
 * microseconds), duration (Go duration text, "1m30s"), quantity (resource
 * Quantity, a string), intOrString (a number or a string), rawExtension (the
 * embedded JSON) and fieldsV1 (managedFields' JSON, printed as it is).
 */
export type SpecialKind = 'time' | 'microTime' | 'duration' | 'quantity' | 'intOrString' | 'rawExtension' | 'fieldsV1';

/**
 * What a map<string, V> holds: a string, bytes (base64 in JSON), a Quantity,
 * or a list of strings (the ExtraValue of a user's extra attributes, a message whose
 * `repeated string items = 1` prints as a plain JSON array).
 */
export type MapValueKind = 'string' | 'bytes' | 'quantity' | 'stringList';

export type FieldType =
  | { kind: ScalarKind }
  | { kind: SpecialKind }
  | { kind: 'message'; message: string }
  /** a Go embedded struct (`json:",inline"`): its fields print in the enclosing object */
  | { kind: 'inline'; message: string }
  | { kind: 'map'; value: MapValueKind };

/**
 * How a scalar prints, as Go's JSON encoder decides on the decoded struct:
 * omitempty: a zero value is dropped (a non-pointer field with `omitempty`);
 * pointer: a value that was sent is kept even when zero (`*bool`, `*int32`, `*string`);
 * always: printed even when zero or absent (no `omitempty` in the Go tag).
 * Messages, lists and maps print when sent; zero times print as null, which is dropped.
 */
export type Presence = 'omitempty' | 'pointer' | 'always';

export interface FieldSpec {
  json: string;
  type: FieldType;
  repeated?: boolean;
  presence?: Presence;
}

export type MessageSpec = Readonly<Record<number, FieldSpec>>;

const scalar = (json: string, kind: ScalarKind, presence: Presence): FieldSpec => ({ json, type: { kind }, presence });

export const string = (json: string, presence: Presence = 'omitempty'): FieldSpec => scalar(json, 'string', presence);
export const bool = (json: string, presence: Presence = 'omitempty'): FieldSpec => scalar(json, 'bool', presence);
export const int32 = (json: string, presence: Presence = 'omitempty'): FieldSpec => scalar(json, 'int32', presence);
export const int64 = (json: string, presence: Presence = 'omitempty'): FieldSpec => scalar(json, 'int64', presence);
export const bytes = (json: string, presence: Presence = 'omitempty'): FieldSpec => scalar(json, 'bytes', presence);

export const strings = (json: string): FieldSpec => ({ json, type: { kind: 'string' }, repeated: true });
/** repeated int32 or int64, packed or not */
export const repeated = (json: string, kind: 'int32' | 'int64'): FieldSpec => ({ json, type: { kind }, repeated: true });

export const message = (json: string, name: string): FieldSpec => ({ json, type: { kind: 'message', message: name } });
export const messages = (json: string, name: string): FieldSpec => ({ json, type: { kind: 'message', message: name }, repeated: true });
export const inline = (name: string): FieldSpec => ({ json: '', type: { kind: 'inline', message: name } });

const special = (json: string, kind: SpecialKind): FieldSpec => ({ json, type: { kind } });
export const time = (json: string): FieldSpec => special(json, 'time');
export const microTime = (json: string): FieldSpec => special(json, 'microTime');
export const duration = (json: string): FieldSpec => special(json, 'duration');
export const quantity = (json: string): FieldSpec => special(json, 'quantity');
export const intOrString = (json: string): FieldSpec => special(json, 'intOrString');
export const rawExtension = (json: string): FieldSpec => special(json, 'rawExtension');
export const fieldsV1 = (json: string): FieldSpec => special(json, 'fieldsV1');

export const stringMap = (json: string): FieldSpec => ({ json, type: { kind: 'map', value: 'string' } });
export const bytesMap = (json: string): FieldSpec => ({ json, type: { kind: 'map', value: 'bytes' } });
/** user extra attributes (map<string, ExtraValue>): key to a list of strings */
export const stringListMap = (json: string): FieldSpec => ({ json, type: { kind: 'map', value: 'stringList' } });
/** core/v1 ResourceList: resource name to Quantity */
export const quantityMap = (json: string): FieldSpec => ({ json, type: { kind: 'map', value: 'quantity' } });
