/**
 * The swagger 2.0 document in the protobuf form client-go asks for:
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` on `/openapi/v2`,
 * decoded as gnostic's `openapi.v2.Document` (github.com/google/gnostic-models,
 * openapiv2/OpenAPIv2.proto). kubectl 1.32 needs it to validate a `kind: List` on the client:
 * the v3 field-validation verifier refuses v1/List, so `apply -f` of a List falls back to the
 * v2 schema and fails when the server cannot send it.
 *
 * The mapping is gnostic's compiler's: a JSON map is a repeated (name, value) message, a key
 * starting with `x-` is a `vendor_extension` whose value is YAML text (JSON is YAML), `$ref`
 * is `_ref`, `type` is a TypeItem, `items` an ItemsItem, and the oneof wrappers
 * (ParametersItem, Parameter, NonBodyParameter, ResponseValue, SchemaItem,
 * SecurityDefinitionsItem, AdditionalPropertiesItem) pick their branch from the JSON. A key
 * this encoder does not know is an error, so the document cannot grow past it unnoticed.
 */
import protobuf from 'protobufjs/minimal.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };
type Writer = protobuf.Writer;

const LENGTH_DELIMITED = 2;
const VARINT = 0;
const FIXED64 = 1;

/** How one JSON key is written: its field number and the shape of its value. */
type Field =
  | { n: number; kind: 'string' | 'bool' | 'double' | 'int64' | 'strings' | 'any' | 'anys' }
  | { n: number; kind: 'message'; message: Message }
  | { n: number; kind: 'messages'; message: Message };

/** Writes one JSON value as the body of a message (without its tag and length). */
type Message = (writer: Writer, value: Json, path: string) => void;

function isMap(value: Json): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectMap(value: Json, path: string): JsonMap {
  if (!isMap(value)) throw new Error(`openapi v2 protobuf: ${path} is not an object`);
  return value;
}

function tag(writer: Writer, field: number, wireType: number): Writer {
  return writer.uint32((field << 3) | wireType);
}

function embedded(writer: Writer, field: number, message: Message, value: Json, path: string): void {
  tag(writer, field, LENGTH_DELIMITED).fork();
  message(writer, value, path);
  writer.ldelim();
}

/** gnostic's Any: the value as YAML text in field 2 (JSON is valid YAML). */
const anyValue: Message = (writer, value) => {
  tag(writer, 2, LENGTH_DELIMITED).string(JSON.stringify(value));
};

function writeField(writer: Writer, field: Field, value: Json, path: string): void {
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') throw new Error(`openapi v2 protobuf: ${path} is not a string`);
      tag(writer, field.n, LENGTH_DELIMITED).string(value);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw new Error(`openapi v2 protobuf: ${path} is not a boolean`);
      tag(writer, field.n, VARINT).bool(value);
      return;
    case 'double':
      if (typeof value !== 'number') throw new Error(`openapi v2 protobuf: ${path} is not a number`);
      tag(writer, field.n, FIXED64).double(value);
      return;
    case 'int64':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`openapi v2 protobuf: ${path} is not an integer`);
      tag(writer, field.n, VARINT).int64(value);
      return;
    case 'strings':
      for (const [i, item] of asArray(value, path).entries()) writeField(writer, { n: field.n, kind: 'string' }, item, `${path}[${i}]`);
      return;
    case 'any':
      embedded(writer, field.n, anyValue, value, path);
      return;
    case 'anys':
      for (const [i, item] of asArray(value, path).entries()) embedded(writer, field.n, anyValue, item, `${path}[${i}]`);
      return;
    case 'message':
      embedded(writer, field.n, field.message, value, path);
      return;
    case 'messages':
      for (const [i, item] of asArray(value, path).entries()) embedded(writer, field.n, field.message, item, `${path}[${i}]`);
  }
}

function asArray(value: Json, path: string): Json[] {
  if (!Array.isArray(value)) throw new Error(`openapi v2 protobuf: ${path} is not an array`);
  return value;
}

/**
 * A message whose JSON keys map to fields; `x-` keys go to `vendorExtension` (field number)
 * as NamedAny pairs.
 */
function object(fields: () => Record<string, Field>, vendorExtension?: number): Message {
  let table: Record<string, Field> | undefined;
  return (writer, value, path) => {
    table ??= fields();
    for (const [key, item] of Object.entries(expectMap(value, path))) {
      const field = table[key];
      if (field !== undefined) writeField(writer, field, item, `${path}.${key}`);
      else if (key.startsWith('x-') && vendorExtension !== undefined) embedded(writer, vendorExtension, namedAny, { [key]: item }, `${path}.${key}`);
      else throw new Error(`openapi v2 protobuf: ${path}.${key} is not a field this encoder knows`);
    }
  };
}

/** A Named* pair: name in field 1, the value as `message` in field 2. */
function named(message: Message): Message {
  return (writer, value, path) => {
    const [name, item] = Object.entries(expectMap(value, path))[0] ?? [];
    if (name === undefined || item === undefined) throw new Error(`openapi v2 protobuf: ${path} has no entry`);
    tag(writer, 1, LENGTH_DELIMITED).string(name);
    embedded(writer, 2, message, item, `${path}.${name}`);
  };
}

const namedAny = named(anyValue);

/** A JSON map as `repeated Named* additional_properties = 1`, in the map's order. */
function mapOf(message: Message): Message {
  const pair = named(message);
  return (writer, value, path) => {
    for (const [name, item] of Object.entries(expectMap(value, path))) embedded(writer, 1, pair, { [name]: item }, path);
  };
}

/** A map message (Paths, Responses) whose entries sit at `entries` and whose `x-` keys at `extensions`, both as Named* pairs. */
function mapWithExtensions(entries: number, extensions: number, message: Message): Message {
  const pair = named(message);
  return (writer, value, path) => {
    for (const [name, item] of Object.entries(expectMap(value, path))) {
      if (name.startsWith('x-')) embedded(writer, extensions, namedAny, { [name]: item }, `${path}.${name}`);
      else embedded(writer, entries, pair, { [name]: item }, path);
    }
  };
}

/** A oneof wrapper: `choose` names the branch's field number and message. */
function oneOf(choose: (value: JsonMap, path: string) => { n: number; message: Message }): Message {
  return (writer, value, path) => {
    const branch = choose(expectMap(value, path), path);
    embedded(writer, branch.n, branch.message, value, path);
  };
}

const typeItem: Message = (writer, value, path) => writeField(writer, { n: 1, kind: 'strings' }, Array.isArray(value) ? value : [value], path);

const externalDocs = object(() => ({ description: { n: 1, kind: 'string' }, url: { n: 2, kind: 'string' } }), 3);

const schema: Message = object(
  () => ({
    $ref: { n: 1, kind: 'string' },
    format: { n: 2, kind: 'string' },
    title: { n: 3, kind: 'string' },
    description: { n: 4, kind: 'string' },
    default: { n: 5, kind: 'any' },
    multipleOf: { n: 6, kind: 'double' },
    maximum: { n: 7, kind: 'double' },
    exclusiveMaximum: { n: 8, kind: 'bool' },
    minimum: { n: 9, kind: 'double' },
    exclusiveMinimum: { n: 10, kind: 'bool' },
    maxLength: { n: 11, kind: 'int64' },
    minLength: { n: 12, kind: 'int64' },
    pattern: { n: 13, kind: 'string' },
    maxItems: { n: 14, kind: 'int64' },
    minItems: { n: 15, kind: 'int64' },
    uniqueItems: { n: 16, kind: 'bool' },
    maxProperties: { n: 17, kind: 'int64' },
    minProperties: { n: 18, kind: 'int64' },
    required: { n: 19, kind: 'strings' },
    enum: { n: 20, kind: 'anys' },
    additionalProperties: { n: 21, kind: 'message', message: additionalPropertiesItem },
    type: { n: 22, kind: 'message', message: typeItem },
    items: { n: 23, kind: 'message', message: itemsItem },
    allOf: { n: 24, kind: 'messages', message: schema },
    properties: { n: 25, kind: 'message', message: mapOf(schema) },
    discriminator: { n: 26, kind: 'string' },
    readOnly: { n: 27, kind: 'bool' },
    externalDocs: { n: 29, kind: 'message', message: externalDocs },
    example: { n: 30, kind: 'any' },
  }),
  31,
);

function additionalPropertiesItem(writer: Writer, value: Json, path: string): void {
  if (typeof value === 'boolean') tag(writer, 2, VARINT).bool(value);
  else embedded(writer, 1, schema, value, path);
}

function itemsItem(writer: Writer, value: Json, path: string): void {
  writeField(writer, { n: 1, kind: 'messages', message: schema }, Array.isArray(value) ? value : [value], path);
}

/** The fields a query, path, header or formData parameter shares, by its message's numbering. */
function nonBodyParameter(numbers: { required: number; in: number; description: number; name: number; type: number; format: number; uniqueItems: number }): Message {
  return object(() => ({
    required: { n: numbers.required, kind: 'bool' },
    in: { n: numbers.in, kind: 'string' },
    description: { n: numbers.description, kind: 'string' },
    name: { n: numbers.name, kind: 'string' },
    type: { n: numbers.type, kind: 'string' },
    format: { n: numbers.format, kind: 'string' },
    uniqueItems: { n: numbers.uniqueItems, kind: 'bool' },
  }));
}

// QueryParameterSubSchema and FormDataParameterSubSchema have allow_empty_value at 5;
// PathParameterSubSchema and HeaderParameterSubSchema do not, so their later fields sit one lower.
const queryOrFormParameter = nonBodyParameter({ required: 1, in: 2, description: 3, name: 4, type: 6, format: 7, uniqueItems: 20 });
const pathOrHeaderParameter = nonBodyParameter({ required: 1, in: 2, description: 3, name: 4, type: 5, format: 6, uniqueItems: 19 });

const NON_BODY_BRANCHES: Record<string, { n: number; message: Message }> = {
  header: { n: 1, message: pathOrHeaderParameter },
  formData: { n: 2, message: queryOrFormParameter },
  query: { n: 3, message: queryOrFormParameter },
  path: { n: 4, message: pathOrHeaderParameter },
};

const bodyParameter = object(
  () => ({
    description: { n: 1, kind: 'string' },
    name: { n: 2, kind: 'string' },
    in: { n: 3, kind: 'string' },
    required: { n: 4, kind: 'bool' },
    schema: { n: 5, kind: 'message', message: schema },
  }),
  6,
);

const parameter = oneOf((value, path) => {
  if (value['in'] === 'body') return { n: 1, message: bodyParameter };
  const branch = NON_BODY_BRANCHES[String(value['in'])];
  if (branch === undefined) throw new Error(`openapi v2 protobuf: ${path}.in is not body, header, formData, query or path`);
  return { n: 2, message: oneOf(() => branch) };
});

const jsonReference = object(() => ({ $ref: { n: 1, kind: 'string' }, description: { n: 2, kind: 'string' } }));

const parametersItem = oneOf((value) => (value['$ref'] === undefined ? { n: 1, message: parameter } : { n: 2, message: jsonReference }));

const schemaItem = oneOf((value, path) => {
  if (value['type'] === 'file') throw new Error(`openapi v2 protobuf: ${path} is a file schema, which this encoder does not write`);
  return { n: 1, message: schema };
});

const response = object(() => ({ description: { n: 1, kind: 'string' }, schema: { n: 2, kind: 'message', message: schemaItem } }), 5);

const responseValue = oneOf((value) => (value['$ref'] === undefined ? { n: 1, message: response } : { n: 2, message: jsonReference }));

const responses = mapWithExtensions(1, 2, responseValue);

const stringArray: Message = (writer, value, path) => writeField(writer, { n: 1, kind: 'strings' }, value, path);

const securityRequirement = mapOf(stringArray);

const operation = object(
  () => ({
    tags: { n: 1, kind: 'strings' },
    summary: { n: 2, kind: 'string' },
    description: { n: 3, kind: 'string' },
    externalDocs: { n: 4, kind: 'message', message: externalDocs },
    operationId: { n: 5, kind: 'string' },
    produces: { n: 6, kind: 'strings' },
    consumes: { n: 7, kind: 'strings' },
    parameters: { n: 8, kind: 'messages', message: parametersItem },
    responses: { n: 9, kind: 'message', message: responses },
    schemes: { n: 10, kind: 'strings' },
    deprecated: { n: 11, kind: 'bool' },
    security: { n: 12, kind: 'messages', message: securityRequirement },
  }),
  13,
);

const pathItem = object(
  () => ({
    $ref: { n: 1, kind: 'string' },
    get: { n: 2, kind: 'message', message: operation },
    put: { n: 3, kind: 'message', message: operation },
    post: { n: 4, kind: 'message', message: operation },
    delete: { n: 5, kind: 'message', message: operation },
    options: { n: 6, kind: 'message', message: operation },
    head: { n: 7, kind: 'message', message: operation },
    patch: { n: 8, kind: 'message', message: operation },
    parameters: { n: 9, kind: 'messages', message: parametersItem },
  }),
  10,
);

const paths = mapWithExtensions(2, 1, pathItem);

const apiKeySecurity = object(
  () => ({ type: { n: 1, kind: 'string' }, name: { n: 2, kind: 'string' }, in: { n: 3, kind: 'string' }, description: { n: 4, kind: 'string' } }),
  5,
);

const basicAuthenticationSecurity = object(() => ({ type: { n: 1, kind: 'string' }, description: { n: 2, kind: 'string' } }), 3);

const securityDefinitionsItem = oneOf((value, path) => {
  if (value['type'] === 'apiKey') return { n: 2, message: apiKeySecurity };
  if (value['type'] === 'basic') return { n: 1, message: basicAuthenticationSecurity };
  throw new Error(`openapi v2 protobuf: ${path}.type ${JSON.stringify(value['type'])} is not a security scheme this encoder writes`);
});

const info = object(() => ({ title: { n: 1, kind: 'string' }, version: { n: 2, kind: 'string' }, description: { n: 3, kind: 'string' } }), 7);

const document = object(
  () => ({
    swagger: { n: 1, kind: 'string' },
    info: { n: 2, kind: 'message', message: info },
    host: { n: 3, kind: 'string' },
    basePath: { n: 4, kind: 'string' },
    schemes: { n: 5, kind: 'strings' },
    consumes: { n: 6, kind: 'strings' },
    produces: { n: 7, kind: 'strings' },
    paths: { n: 8, kind: 'message', message: paths },
    definitions: { n: 9, kind: 'message', message: mapOf(schema) },
    security: { n: 12, kind: 'messages', message: securityRequirement },
    securityDefinitions: { n: 13, kind: 'message', message: mapOf(securityDefinitionsItem) },
  }),
  16,
);

/** The gnostic `openapi.v2.Document` encoding of a swagger 2.0 JSON document. */
export function encodeOpenApiV2Protobuf(swagger: object): Uint8Array {
  const writer = protobuf.Writer.create();
  document(writer, swagger as Json, '$');
  return writer.finish();
}
