/**
 * Field checks the API server's JSON decoding performs against a kind's schema.
 *
 * Unknown fields are reported with the path Kubernetes' strict decoder (sigs.k8s.io/json)
 * builds: field names joined by '.', list indices as `[i]`, map keys as `.key`, no leading
 * dot — the server words it `strict decoding error: unknown field "spec.containers[0].imagePullPolcy"`.
 * Matching is case-sensitive, as Kubernetes decodes with sigs.k8s.io/json's case-sensitive mode.
 *
 * JSON null is never an error: Kubernetes' decoding treats null as "unset".
 */
import { isRecord } from '../types/meta.ts';
import type { FieldSchema } from './schema.ts';

export interface FieldTypeError {
  path: string;
  /** the schema type: 'integer', 'string', 'object', 'array', 'map', 'int-or-string', ... */
  expected: string;
  /** the JSON type found: 'string', 'number', 'boolean', 'object' or 'array' */
  found: string;
}

/** Fields every top-level object carries and the schema need not list. */
const TYPE_META_FIELDS = new Set(['apiVersion', 'kind']);

function childPath(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Visits every value together with the schema that describes it, in document order. */
function walk(
  schema: FieldSchema,
  value: unknown,
  path: string,
  visit: (schema: FieldSchema, value: unknown, path: string) => boolean,
): void {
  if (value === null || value === undefined) return;
  if (!visit(schema, value, path)) return;
  if (schema.type === 'array' && schema.items && Array.isArray(value)) {
    const items = schema.items;
    value.forEach((item, index) => walk(items, item, indexPath(path, index), visit));
  } else if (schema.type === 'map' && schema.values && isRecord(value)) {
    for (const [key, item] of Object.entries(value)) walk(schema.values, item, childPath(path, key), visit);
  } else if (schema.type === 'object' && schema.properties && isRecord(value)) {
    const properties = schema.properties;
    for (const [key, item] of Object.entries(value)) {
      const fieldSchema = properties[key];
      if (fieldSchema) walk(fieldSchema, item, childPath(path, key), visit);
    }
  }
}

/** Paths of the fields in `obj` that `schema` does not define (apiVersion/kind at the top are always known). */
export function findUnknownFields(schema: FieldSchema, obj: unknown): string[] {
  const unknown: string[] = [];
  walk(schema, obj, '', (current, value, path) => {
    if (current.type !== 'object' || !current.properties || !isRecord(value)) return true;
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(current.properties, key)) continue;
      if (path === '' && TYPE_META_FIELDS.has(key)) continue;
      unknown.push(childPath(path, key));
    }
    return true;
  });
  return unknown;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isRecord(value)) return 'object';
  return typeof value;
}

function isInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

function matchesType(schema: FieldSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
    case 'date-time':
      return typeof value === 'string';
    case 'integer':
      return isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'int-or-string':
      // intstr.IntOrString decodes a quoted value as a string and anything else as an int32.
      return typeof value === 'string' || isInteger(value);
    case 'quantity':
      // resource.Quantity parses unquoted numbers as well as strings.
      return typeof value === 'string' || typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
    case 'map':
      return isRecord(value);
    case 'any':
      return true;
  }
}

/** Values whose JSON type does not fit the schema, e.g. `spec.replicas` given as "3". */
export function findTypeErrors(schema: FieldSchema, obj: unknown): FieldTypeError[] {
  const errors: FieldTypeError[] = [];
  walk(schema, obj, '', (current, value, path) => {
    if (matchesType(current, value)) return true;
    errors.push({ path, expected: current.type, found: jsonType(value) });
    return false;
  });
  return errors;
}
