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
import { cloneJson } from '../types/clone-json.ts';
import { hasKeys, isRecord } from '../types/meta.ts';
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

/** What one walk of an object against its schema found. */
export interface SchemaFieldCheck {
  typeErrors: FieldTypeError[];
  /** empty when unknown fields were not asked for */
  unknown: string[];
}

/** A walk's findings and what decoding gives. */
export interface SchemaDecoding extends SchemaFieldCheck {
  /**
   * A copy of the object as decoding it into the kind's Go structs and
   * encoding those again gives: without the fields the schema does not
   * define (apiVersion and kind at the top are kept) and without empty
   * maps, which every map of the Kubernetes API omits. Below a value of the
   * wrong type the copy is plain.
   */
  decoded: unknown;
}

/** A path step: a field or map key, or a list index. */
type Segment = string | number;

/**
 * The path as the strict decoder words it: names joined by '.', indices as
 * `[i]`, no leading dot. Built only for a finding: the walk keeps a stack of
 * steps instead of a string per visited value.
 */
function pathOf(segments: readonly Segment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path = `${path}[${segment}]`;
    else path = path === '' ? segment : `${path}.${segment}`;
  }
  return path;
}

/**
 * Type errors, (when `withUnknown`) unknown fields and the decoded copy in
 * one walk, which every write pays for: checking, copying and dropping had
 * been three. Below a value of the wrong type nothing is checked. Unknown
 * fields come in document order, an object's own before those of the values
 * in it.
 */
export function decodeSchemaFields(schema: FieldSchema, obj: unknown, withUnknown: boolean): SchemaDecoding {
  const found: SchemaFieldCheck = { typeErrors: [], unknown: [] };
  const decoded = visit(schema, obj, [], found, withUnknown);
  return { typeErrors: found.typeErrors, unknown: found.unknown, decoded };
}

export function checkSchemaFields(schema: FieldSchema, obj: unknown, withUnknown: boolean): SchemaFieldCheck {
  const { typeErrors, unknown } = decodeSchemaFields(schema, obj, withUnknown);
  return { typeErrors, unknown };
}

/** `value` checked against `schema`, and its decoded copy */
function visit(schema: FieldSchema, value: unknown, segments: Segment[], found: SchemaFieldCheck, withUnknown: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (!matchesType(schema, value)) {
    found.typeErrors.push({ path: pathOf(segments), expected: schema.type, found: jsonType(value) });
    return cloneJson(value);
  }
  if (schema.type === 'array' && schema.items !== undefined && Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) {
      segments.push(index);
      out[index] = visit(schema.items, value[index], segments, found, withUnknown);
      segments.pop();
    }
    return out;
  }
  if (schema.type === 'map' && schema.values !== undefined && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key in value) {
      segments.push(key);
      setMember(out, key, visit(schema.values, value[key], segments, found, withUnknown));
      segments.pop();
    }
    return out;
  }
  if (schema.type === 'object' && schema.properties !== undefined && isRecord(value)) {
    const properties = schema.properties;
    const out: Record<string, unknown> = {};
    // for-in: a JSON value's own keys, without allocating their list on every object of every write.
    if (withUnknown) {
      for (const key in value) {
        if (Object.hasOwn(properties, key) || (segments.length === 0 && TYPE_META_FIELDS.has(key))) continue;
        segments.push(key);
        found.unknown.push(pathOf(segments));
        segments.pop();
      }
    }
    for (const key in value) {
      const field = Object.hasOwn(properties, key) ? properties[key] : undefined;
      const item = value[key];
      if (field === undefined) {
        if (segments.length === 0 && TYPE_META_FIELDS.has(key)) out[key] = cloneJson(item);
        continue;
      }
      if (field.type === 'map' && isRecord(item) && !hasKeys(item)) continue;
      segments.push(key);
      setMember(out, key, visit(field, item, segments, found, withUnknown));
      segments.pop();
    }
    return out;
  }
  return cloneJson(value);
}

/** `out[key] = member`, but as a member for `__proto__` too (assigning it would set the prototype; JSON.parse makes it a member) */
function setMember(out: Record<string, unknown>, key: string, member: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
  else out[key] = member;
}

/** Paths of the fields in `obj` that `schema` does not define (apiVersion/kind at the top are always known). */
export function findUnknownFields(schema: FieldSchema, obj: unknown): string[] {
  return checkSchemaFields(schema, obj, true).unknown;
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
  return checkSchemaFields(schema, obj, false).typeErrors;
}
