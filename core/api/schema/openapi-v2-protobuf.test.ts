import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { openApiV2Document } from './openapi-v2.ts';
import { encodeOpenApiV2Protobuf } from './openapi-v2-protobuf.ts';
import { LISTED_GROUP_VERSIONS } from './openapi-test-helpers.ts';

/** One decoded protobuf message: per field number, its values (varints as numbers, the rest as bytes). */
type WireMessage = Map<number, (number | Uint8Array)[]>;

/** Reads the wire format without a schema, so the test checks the field numbers this encoder chose. */
function decode(bytes: Uint8Array): WireMessage {
  const reader = protobuf.Reader.create(bytes);
  const fields: WireMessage = new Map();
  while (reader.pos < reader.len) {
    const key = reader.uint32();
    const wireType = key & 7;
    const value = wireType === 0 ? reader.uint32() : wireType === 2 ? reader.bytes() : (reader.skipType(wireType), 0);
    fields.set(key >>> 3, [...(fields.get(key >>> 3) ?? []), value]);
  }
  return fields;
}

function bytesOf(message: WireMessage, field: number): Uint8Array[] {
  return (message.get(field) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array);
}

function text(message: WireMessage, field: number): string | undefined {
  const [bytes] = bytesOf(message, field);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

/** The (name → value) pairs of a gnostic Named* list at `field`. */
function pairs(message: WireMessage, field: number): Map<string, WireMessage> {
  return new Map(bytesOf(message, field).map((b) => decode(b)).map((pair) => [text(pair, 1) ?? '', decode(bytesOf(pair, 2)[0] ?? new Uint8Array())]));
}

const json = openApiV2Document(LISTED_GROUP_VERSIONS);
const document = decode(encodeOpenApiV2Protobuf(json));
const definitions = pairs(decode(bytesOf(document, 9)[0] ?? new Uint8Array()), 1);

describe('encodeOpenApiV2Protobuf', () => {
  it('writes the swagger version, info and every definition by name', () => {
    expect(text(document, 1)).toBe('2.0');
    expect(text(decode(bytesOf(document, 2)[0] ?? new Uint8Array()), 1)).toBe('Kubernetes');
    expect([...definitions.keys()]).toEqual(Object.keys(json['definitions'] as object));
  });

  it('writes a schema as gnostic numbers it: type, properties, required and the GVK extension as YAML text', () => {
    const configMap = definitions.get('io.k8s.api.core.v1.ConfigMap');
    if (configMap === undefined) throw new Error('no ConfigMap definition');
    expect(text(decode(bytesOf(configMap, 22)[0] ?? new Uint8Array()), 1)).toBe('object');
    expect([...pairs(decode(bytesOf(configMap, 25)[0] ?? new Uint8Array()), 1).keys()]).toEqual(
      expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable']),
    );
    const extensions = pairs(configMap, 31);
    const gvk = extensions.get('x-kubernetes-group-version-kind');
    expect(JSON.parse(text(gvk ?? new Map(), 2) ?? 'null')).toEqual([{ group: '', kind: 'ConfigMap', version: 'v1' }]);
  });

  it('writes a $ref as _ref, and a map value schema under additionalProperties', () => {
    const data = pairs(decode(bytesOf(definitions.get('io.k8s.api.core.v1.ConfigMap') ?? new Map(), 25)[0] ?? new Uint8Array()), 1).get('data');
    const additional = decode(bytesOf(data ?? new Map(), 21)[0] ?? new Uint8Array());
    const valueSchema = decode(bytesOf(additional, 1)[0] ?? new Uint8Array());
    expect(text(decode(bytesOf(valueSchema, 22)[0] ?? new Uint8Array()), 1)).toBe('string');
    const metadata = pairs(decode(bytesOf(definitions.get('io.k8s.api.core.v1.ConfigMap') ?? new Map(), 25)[0] ?? new Uint8Array()), 1).get('metadata');
    expect(text(metadata ?? new Map(), 1)).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  });

  it('writes the paths with their operations and query parameters', () => {
    const paths = pairs(decode(bytesOf(document, 8)[0] ?? new Uint8Array()), 2);
    const pod = paths.get('/api/v1/namespaces/{namespace}/pods/{name}');
    if (pod === undefined) throw new Error('no pod path');
    const patch = decode(bytesOf(pod, 8)[0] ?? new Uint8Array());
    expect(text(patch, 5)).toBe('patchCoreV1NamespacedPod');
    const parameterNames = bytesOf(patch, 8).map((item) => {
      const parameter = decode(bytesOf(decode(item), 1)[0] ?? new Uint8Array());
      const body = bytesOf(parameter, 1)[0];
      if (body !== undefined) return text(decode(body), 2);
      const query = decode(bytesOf(decode(bytesOf(parameter, 2)[0] ?? new Uint8Array()), 3)[0] ?? new Uint8Array());
      return text(query, 4);
    });
    expect(parameterNames).toEqual(expect.arrayContaining(['body', 'fieldValidation', 'fieldManager', 'dryRun']));
  });

  it('refuses a key it has no field for, naming where it is', () => {
    expect(() => encodeOpenApiV2Protobuf({ swagger: '2.0', definitions: { A: { type: 'object', nullable: true } } })).toThrow(
      'openapi v2 protobuf: $.definitions.A.nullable is not a field this encoder knows',
    );
  });
});
