/**
 * A machine-readable schema of the built-in kinds, derived at runtime from the
 * `attributeTypeMap` of `@kubernetes/client-node`'s generated models (see model-registry.ts).
 *
 * Object types are shared, memoized nodes whose `properties` are built on first access,
 * so recursive types (JSONSchemaProps) form a finite graph instead of an endless tree.
 * `ref` carries the Kubernetes definition name of named types (objects, Time, MicroTime,
 * IntOrString, Quantity), which the OpenAPI documents use as `$ref` targets.
 */
import { modelClassForKind } from './builtin-kinds.ts';
import {
  definitionName,
  INT_OR_STRING_DEFINITION,
  MICRO_TIME_DEFINITION,
  QUANTITY_DEFINITION,
  TIME_DEFINITION,
} from './definition-names.ts';
import { kubernelKindSchema } from './kubernel-kinds.ts';
import { isModelClass, modelAttributes } from './model-registry.ts';
import { isQuantityField, isQuantityMapField } from './quantity-fields.ts';

export type FieldSchema = {
  type:
    | 'string'
    | 'integer'
    | 'number'
    | 'boolean'
    | 'date-time'
    | 'int-or-string'
    | 'quantity'
    | 'any'
    | 'object'
    | 'array'
    | 'map';
  /** element schema of an 'array' */
  items?: FieldSchema;
  /** value schema of a 'map' (keys are always strings) */
  values?: FieldSchema;
  /** fields of an 'object'; an 'object' without properties is free-form */
  properties?: Record<string, FieldSchema>;
  /** Kubernetes definition name, e.g. 'io.k8s.api.core.v1.PodSpec' */
  ref?: string;
};

const ARRAY_TYPE = /^Array<(.+)>$/;
const MAP_TYPE = /^\{ \[key: string\]: (.+); \}$/;

const objectSchemas = new Map<string, FieldSchema>();

function quantity(): FieldSchema {
  return { type: 'quantity', ref: QUANTITY_DEFINITION };
}

/** Translates one attributeTypeMap type expression (with its format) into a FieldSchema. */
function schemaForType(type: string, format: string): FieldSchema {
  switch (type) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: format === 'int32' || format === 'int64' ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'Date':
      return { type: 'date-time', ref: TIME_DEFINITION };
    case 'V1MicroTime':
      return { type: 'date-time', ref: MICRO_TIME_DEFINITION };
    case 'IntOrString':
      return { type: 'int-or-string', ref: INT_OR_STRING_DEFINITION };
    case 'object':
      return { type: 'object' };
    case 'any':
      return { type: 'any' };
  }
  const array = ARRAY_TYPE.exec(type);
  if (array?.[1] !== undefined) return { type: 'array', items: schemaForType(array[1], '') };
  const map = MAP_TYPE.exec(type);
  // A map's format describes its values (`byte` for Secret.data, `date-time` for Date maps).
  if (map?.[1] !== undefined) return { type: 'map', values: schemaForType(map[1], format) };
  if (isModelClass(type)) return schemaForModel(type);
  return { type: 'any' };
}

function buildProperties(className: string): Record<string, FieldSchema> {
  const properties: Record<string, FieldSchema> = {};
  for (const { baseName, type, format } of modelAttributes(className) ?? []) {
    if (isQuantityMapField(className, baseName, type)) {
      properties[baseName] = { type: 'map', values: quantity() };
    } else if (isQuantityField(className, baseName, type)) {
      properties[baseName] = quantity();
    } else {
      properties[baseName] = schemaForType(type, format);
    }
  }
  return properties;
}

/** The (shared, memoized) schema of a generated model class such as 'V1PodSpec'. */
export function schemaForModel(className: string): FieldSchema {
  const cached = objectSchemas.get(className);
  if (cached) return cached;
  let properties: Record<string, FieldSchema> | undefined;
  const schema: FieldSchema = {
    type: 'object',
    ref: definitionName(className),
    get properties(): Record<string, FieldSchema> {
      properties ??= buildProperties(className);
      return properties;
    },
  };
  objectSchemas.set(className, schema);
  return schema;
}

/** kinds whose schema is remembered; past it the table starts over */
const KIND_SCHEMAS_KEPT = 1024;

/**
 * Schemas by `group/version/kind`, found once: every write's field check asks,
 * and finding the model class builds and tries candidate names (about 1% of
 * a ConfigMap create's server time). Bounded, as a kind may come from a request.
 */
const kindSchemas = new Map<string, FieldSchema | undefined>();

/** The schema of a built-in kind (or its `<Kind>List`), e.g. ('apps', 'v1', 'Deployment'), kubernel.dev's included. */
export function schemaForKind(group: string, version: string, kind: string): FieldSchema | undefined {
  // A slash inside a part would make the key ambiguous: such a (bad) kind is looked up afresh.
  if (group.includes('/') || version.includes('/') || kind.includes('/')) return findSchemaForKind(group, version, kind);
  const key = `${group}/${version}/${kind}`;
  const known = kindSchemas.get(key);
  if (known !== undefined || kindSchemas.has(key)) return known;
  const schema = findSchemaForKind(group, version, kind);
  if (kindSchemas.size >= KIND_SCHEMAS_KEPT) kindSchemas.clear();
  kindSchemas.set(key, schema);
  return schema;
}

function findSchemaForKind(group: string, version: string, kind: string): FieldSchema | undefined {
  const className = modelClassForKind(group, version, kind);
  // kubernel.dev kinds have no model class; their schemas are written by hand.
  return className === undefined ? kubernelKindSchema(group, version, kind, schemaForModel) : schemaForModel(className);
}
