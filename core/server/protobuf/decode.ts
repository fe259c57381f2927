import { ApiError, badRequest } from '../../api/errors.ts';
import { MESSAGES, messageForKind } from './messages.ts';
import type { FieldSpec, FieldType, MapValueKind, MessageSpec, ScalarKind } from './schema.ts';
import { decodeSpecial } from './values.ts';
import { packedVarints, ProtobufError, wireFields, type WireField } from './wire.ts';

/** Every Kubernetes protobuf body starts with "k8s\0", then a runtime.Unknown envelope. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/**
 * Decodes a request body in Kubernetes' protobuf encoding into the JSON object
 * the same client would have sent as application/json. Only the kinds
 * messageForKind knows are decoded; any other is a 415, which tells the sender
 * to use JSON.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < MAGIC.length || !MAGIC.equals(body.subarray(0, MAGIC.length))) {
    throw badRequest('the body of the request was in an unknown format: a protobuf body must start with the "k8s\\x00" prefix');
  }
  try {
    let apiVersion = '';
    let kind = '';
    let raw: Uint8Array = new Uint8Array();
    let contentEncoding = '';
    for (const field of wireFields(body.subarray(MAGIC.length))) {
      if (field.number === 1 && field.wireType === 2) {
        for (const typeField of wireFields(field.bytes)) {
          if (typeField.number === 1 && typeField.wireType === 2) apiVersion = utf8(typeField.bytes);
          if (typeField.number === 2 && typeField.wireType === 2) kind = utf8(typeField.bytes);
        }
      } else if (field.number === 2 && field.wireType === 2) {
        raw = field.bytes;
      } else if (field.number === 3 && field.wireType === 2) {
        contentEncoding = utf8(field.bytes);
      }
    }
    if (contentEncoding !== '') throw new ApiError('UnsupportedMediaType', `protobuf content encoding "${contentEncoding}" is not supported`);
    const message = messageForKind(apiVersion, kind);
    if (message === undefined) {
      throw new ApiError(
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - ${apiVersion} ${kind} is not accepted as ${PROTOBUF_MEDIA_TYPE}; accepted media types include: application/json, application/yaml`,
      );
    }
    return { apiVersion, kind, ...decodeMessage(raw, message) };
  } catch (error) {
    if (error instanceof ProtobufError) throw badRequest(`the body of the request could not be decoded as ${PROTOBUF_MEDIA_TYPE}: ${error.message}`);
    throw error;
  }
}

function specOf(name: string): MessageSpec {
  const spec = MESSAGES[name];
  if (spec === undefined) throw new ProtobufError(`no schema for message ${name}`);
  return spec;
}

function decodeMessage(bytes: Uint8Array, name: string): Record<string, unknown> {
  const spec = specOf(name);
  const out: Record<string, unknown> = {};
  for (const field of wireFields(bytes)) {
    const fieldSpec = spec[field.number];
    // As Go's decoder: a field this schema does not know is skipped.
    if (fieldSpec === undefined) continue;
    const type = fieldSpec.type;
    if (type.kind === 'map') {
      const entries = (out[fieldSpec.json] ??= {}) as Record<string, unknown>;
      const [key, value] = mapEntry(field, type.value);
      entries[key] = value;
    } else if (type.kind === 'inline') {
      // A Go embedded struct: its fields print at this level.
      Object.assign(out, decodeMessage(lengthDelimited(field), type.message));
    } else if (fieldSpec.repeated === true) {
      const items = (out[fieldSpec.json] ??= []) as unknown[];
      if (field.wireType === 2 && isVarintType(type)) {
        for (const v of packedVarints(field.bytes)) items.push(scalarFromVarint(v, type.kind));
      } else {
        items.push(fieldValue(field, type));
      }
    } else {
      out[fieldSpec.json] = fieldValue(field, type);
    }
  }
  return dropAsGoWould(out, spec);
}

/**
 * Go's JSON encoder on the decoded struct: omitempty drops zero scalars and
 * empty lists; a scalar without omitempty prints its zero value even when it
 * was not sent; zero times print as null, which is dropped like an absent field.
 */
function dropAsGoWould(out: Record<string, unknown>, spec: MessageSpec): Record<string, unknown> {
  for (const fieldSpec of Object.values(spec) as FieldSpec[]) {
    if (fieldSpec.type.kind === 'inline') continue;
    const value = out[fieldSpec.json];
    const presence = fieldSpec.presence ?? 'omitempty';
    if (value === undefined) {
      const zero = presence === 'always' && fieldSpec.repeated !== true ? zeroOf(fieldSpec.type) : undefined;
      if (zero !== undefined) out[fieldSpec.json] = zero;
      continue;
    }
    // omitempty never drops a struct (a message, an IntOrString, a Quantity), only scalars and lists.
    const omittable = fieldSpec.repeated === true || zeroOf(fieldSpec.type) !== undefined;
    if (value === null || (presence === 'omitempty' && omittable && isEmpty(value))) delete out[fieldSpec.json];
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  if (value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function zeroOf(type: FieldType): string | boolean | number | undefined {
  if (type.kind === 'string' || type.kind === 'bytes') return '';
  if (type.kind === 'bool') return false;
  if (type.kind === 'int32' || type.kind === 'int64') return 0;
  return undefined;
}

function isVarintType(type: FieldType): type is { kind: 'bool' | 'int32' | 'int64' } {
  return type.kind === 'bool' || type.kind === 'int32' || type.kind === 'int64';
}

function lengthDelimited(field: WireField): Uint8Array {
  if (field.wireType !== 2) throw new ProtobufError(`field ${field.number} should be length-delimited`);
  return field.bytes;
}

function fieldValue(field: WireField, type: Exclude<FieldType, { kind: 'map' | 'inline' }>): unknown {
  switch (type.kind) {
    case 'bool':
    case 'int32':
    case 'int64':
      if (field.wireType !== 0) throw new ProtobufError(`field ${field.number} should be a varint`);
      return scalarFromVarint(field.varint, type.kind);
    case 'string':
      return utf8(lengthDelimited(field));
    case 'bytes':
      // Go's JSON prints []byte as standard base64.
      return Buffer.from(lengthDelimited(field)).toString('base64');
    case 'message':
      return decodeMessage(lengthDelimited(field), type.message);
    default:
      return decodeSpecial(type.kind, lengthDelimited(field));
  }
}

function scalarFromVarint(v: bigint, kind: Extract<ScalarKind, 'bool' | 'int32' | 'int64'>): boolean | number {
  if (kind === 'bool') return v !== 0n;
  // Negative int32 and int64 travel as 64-bit two's complement.
  return Number(BigInt.asIntN(kind === 'int32' ? 32 : 64, v));
}

/**
 * A map entry is a message with the key in field 1 and the value in field 2;
 * ResourceList values are Quantity messages, ExtraValue ones a message of repeated strings.
 */
function mapEntry(field: WireField, valueType: MapValueKind): [string, string | string[]] {
  let key = '';
  let value: string | string[] = valueType === 'stringList' ? [] : '';
  for (const part of wireFields(lengthDelimited(field))) {
    if (part.wireType !== 2) continue;
    if (part.number === 1) key = utf8(part.bytes);
    if (part.number !== 2) continue;
    if (valueType === 'bytes') value = Buffer.from(part.bytes).toString('base64');
    else if (valueType === 'quantity') value = String(decodeSpecial('quantity', part.bytes));
    else if (valueType === 'stringList') value = repeatedStrings(part.bytes, 1);
    else value = utf8(part.bytes);
  }
  return [key, value];
}

function repeatedStrings(bytes: Uint8Array, number: number): string[] {
  const items: string[] = [];
  for (const part of wireFields(bytes)) {
    if (part.number === number && part.wireType === 2) items.push(utf8(part.bytes));
  }
  return items;
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
