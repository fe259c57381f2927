import { ApiError, badRequest } from '../../api/errors.ts';
import { MESSAGES, PROTOBUF_KINDS, type FieldSpec, type FieldType, type MessageSpec } from './messages.ts';
import { packedVarints, ProtobufError, wireFields, type WireField } from './wire.ts';

/** Every Kubernetes protobuf body starts with "k8s\0", then a runtime.Unknown envelope. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/**
 * Decodes a request body in Kubernetes' protobuf encoding into the JSON object
 * the same client would have sent as application/json. Only the kinds listed
 * in PROTOBUF_KINDS are known; any other is a 415, which tells the sender to
 * use JSON.
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
    const message = PROTOBUF_KINDS[`${apiVersion}/${kind}`];
    if (message === undefined) {
      throw new ApiError(
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - ${apiVersion} ${kind} is not accepted as ${PROTOBUF_MEDIA_TYPE}; accepted media types include: application/json, application/yaml`,
      );
    }
    return { apiVersion, kind, ...decodeMessage(raw, MESSAGES[message]) };
  } catch (error) {
    if (error instanceof ProtobufError) throw badRequest(`the body of the request could not be decoded as ${PROTOBUF_MEDIA_TYPE}: ${error.message}`);
    throw error;
  }
}

function decodeMessage(bytes: Uint8Array, spec: MessageSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of wireFields(bytes)) {
    const fieldSpec = spec[field.number];
    // As Go's decoder: a field this schema does not know is skipped.
    if (fieldSpec === undefined) continue;
    if (fieldSpec.type.kind === 'map') {
      const entries = (out[fieldSpec.json] ??= {}) as Record<string, unknown>;
      const [key, value] = mapEntry(field, fieldSpec.type.value);
      entries[key] = value;
    } else if (fieldSpec.repeated === true) {
      const items = (out[fieldSpec.json] ??= []) as unknown[];
      if (field.wireType === 2 && isVarintType(fieldSpec.type)) {
        for (const v of packedVarints(field.bytes)) items.push(scalarFromVarint(v, fieldSpec.type.kind));
      } else {
        items.push(fieldValue(field, fieldSpec.type));
      }
    } else {
      out[fieldSpec.json] = fieldValue(field, fieldSpec.type);
    }
  }
  return dropAsGoWould(out, spec);
}

/** Go's JSON encoder on the decoded struct: omitempty drops zero values and empty maps and lists; zero times are null. */
function dropAsGoWould(out: Record<string, unknown>, spec: MessageSpec): Record<string, unknown> {
  for (const fieldSpec of Object.values(spec) as FieldSpec[]) {
    const value = out[fieldSpec.json];
    const presence = fieldSpec.presence ?? 'omitempty';
    if (value === undefined) {
      if (presence === 'always') out[fieldSpec.json] = zeroOf(fieldSpec.type);
      continue;
    }
    if (value === null || (presence === 'omitempty' && isEmpty(value))) delete out[fieldSpec.json];
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  if (value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function zeroOf(type: FieldType): unknown {
  if (type.kind === 'string' || type.kind === 'bytes') return '';
  if (type.kind === 'bool') return false;
  if (type.kind === 'int32' || type.kind === 'int64') return 0;
  return null;
}

function isVarintType(type: FieldType): type is { kind: 'bool' | 'int32' | 'int64' } {
  return type.kind === 'bool' || type.kind === 'int32' || type.kind === 'int64';
}

function fieldValue(field: WireField, type: FieldType): unknown {
  if (isVarintType(type)) {
    if (field.wireType !== 0) throw new ProtobufError(`field ${field.number} should be a varint`);
    return scalarFromVarint(field.varint, type.kind);
  }
  if (field.wireType !== 2) throw new ProtobufError(`field ${field.number} should be length-delimited`);
  switch (type.kind) {
    case 'string':
      return utf8(field.bytes);
    case 'bytes':
      // Go's JSON prints []byte as standard base64.
      return Buffer.from(field.bytes).toString('base64');
    case 'message':
      return decodeMessage(field.bytes, MESSAGES[type.message]);
    case 'time':
      return decodeTime(field.bytes);
    case 'fieldsV1':
      return decodeFieldsV1(field.bytes);
    default:
      throw new ProtobufError(`field ${field.number} has an unexpected type`);
  }
}

function scalarFromVarint(v: bigint, kind: 'bool' | 'int32' | 'int64'): boolean | number {
  if (kind === 'bool') return v !== 0n;
  // Negative int32 and int64 travel as 64-bit two's complement.
  return Number(BigInt.asIntN(64, v));
}

function mapEntry(field: WireField, valueType: 'string' | 'bytes'): [string, string] {
  if (field.wireType !== 2) throw new ProtobufError(`map field ${field.number} should be length-delimited`);
  let key = '';
  let value = '';
  for (const part of wireFields(field.bytes)) {
    if (part.wireType !== 2) continue;
    if (part.number === 1) key = utf8(part.bytes);
    if (part.number === 2) value = valueType === 'bytes' ? Buffer.from(part.bytes).toString('base64') : utf8(part.bytes);
  }
  return [key, value];
}

/** metav1.Time as RFC 3339 in UTC to the second, as it prints in JSON; an empty message is the zero time (null). */
function decodeTime(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  let seconds = 0n;
  for (const field of wireFields(bytes)) {
    if (field.number === 1 && field.wireType === 0) seconds = BigInt.asIntN(64, field.varint);
  }
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeFieldsV1(bytes: Uint8Array): unknown {
  for (const field of wireFields(bytes)) {
    if (field.number === 1 && field.wireType === 2) {
      try {
        return JSON.parse(utf8(field.bytes));
      } catch {
        throw new ProtobufError('fieldsV1 is not valid JSON');
      }
    }
  }
  return {};
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
