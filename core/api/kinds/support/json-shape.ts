import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import { isRecord } from '../../types/meta.ts';
import { index, key, typeInvalid } from '../../validation/field-errors.ts';

/**
 * JSON type checking for every built-in kind. Kubernetes' typed decoder refuses a body
 * whose values have the wrong JSON type; we have untyped JSON, so each kind first reads
 * its body through a zod shape and reports every mismatch as FieldValueTypeInvalid at
 * the field's Kubernetes path. Unknown fields are ignored, as the decoder ignores them.
 */

export const str = z.string({ error: 'must be of type string' });
export const int = z.int({ error: 'must be of type integer' });
export const bool = z.boolean({ error: 'must be of type boolean' });
export const strList = z.array(str, { error: 'must be of type array' });
export const strMap = z.record(z.string(), str, { error: 'must be of type object' });
/** resource.Quantity unmarshals from a JSON string or a bare number. */
export const quantity = z.union([z.string(), z.number()], { error: 'must be a quantity (a string or a number)' });
export const resourceList = z.record(z.string(), quantity, { error: 'must be of type object' });
/** intstr.IntOrString */
export const intOrString = z.union([z.int(), z.string()], { error: 'must be an integer or a string' });
/** metav1.Time and MicroTime travel as RFC 3339 strings. */
export const timestamp = z.string({ error: 'must be of type string' }).refine((text) => RFC3339.test(text), {
  error: 'must be an RFC 3339 date-time, e.g. "2006-01-02T15:04:05Z"',
});

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function struct<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape, { error: 'must be of type object' });
}

export function list<T extends z.ZodType>(item: T) {
  return z.array(item, { error: 'must be of type array' });
}

export function mapOf<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value, { error: 'must be of type object' });
}

/** An object whose members stay unchecked: legacy volume plugins and the like. */
export const anyObject = mapOf(z.unknown());

/** The JSON shape of both metav1.LabelSelectorRequirement and core/v1 NodeSelectorRequirement. */
const selectorRequirement = struct({ key: str.optional(), operator: str.optional(), values: strList.optional() });

/** metav1.LabelSelector */
export const labelSelector = struct({
  matchLabels: strMap.optional(),
  matchExpressions: list(selectorRequirement).optional(),
});

/** core/v1 NodeSelectorTerm, as pod node affinity and a volume's node affinity carry it. */
export const nodeSelectorTerm = struct({
  matchExpressions: list(selectorRequirement).optional(),
  matchFields: list(selectorRequirement).optional(),
});

/** core/v1 ObjectReference, as Events and claimRefs carry it. */
export const objectReference = struct({
  kind: str.optional(),
  namespace: str.optional(),
  name: str.optional(),
  uid: str.optional(),
  apiVersion: str.optional(),
  resourceVersion: str.optional(),
  fieldPath: str.optional(),
});

/** The fields core/v1 NamespaceCondition and PersistentVolumeClaimCondition share. */
export const condition = struct({
  type: str.optional(),
  status: str.optional(),
  lastTransitionTime: timestamp.optional(),
  reason: str.optional(),
  message: str.optional(),
});

export type LabelSelectorShape = z.infer<typeof labelSelector>;
export type NodeSelectorTerm = z.infer<typeof nodeSelectorTerm>;
export type NodeSelectorRequirement = z.infer<typeof selectorRequirement>;
export type ObjectReferenceShape = z.infer<typeof objectReference>;
export type IntOrString = z.infer<typeof intOrString>;
export type QuantityValue = z.infer<typeof quantity>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Map-valued fields of the kinds' shapes: a key below them prints as `[key]`, not `.key`. */
const MAP_FIELDS: ReadonlySet<string> = new Set([
  'labels',
  'annotations',
  'matchLabels',
  'nodeSelector',
  'overhead',
  'data',
  'binaryData',
  'stringData',
  'capacity',
  'allocatable',
  'requests',
  'limits',
  'deprecatedTopology',
  'volumeAttributes',
  'options',
  'parameters',
  'allocatedResources',
]);

/**
 * Reads `value` as `schema`, or reports each JSON type mismatch under `path`. A JSON null
 * counts as "not set", as it does for Go's decoder. `extraMapFields` names fields that are
 * maps in this kind only (a Service's `selector`, unlike a claim's label selector).
 */
export function parseShape<T>(
  schema: z.ZodType<T>,
  value: unknown,
  path: string,
  extraMapFields: readonly string[] = [],
): Parsed<T> {
  // zod does not change its input: most values have no null member and need no copy.
  const result = schema.safeParse(hasNullMember(value) ? withoutNulls(value) : value, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const maps = new Set([...MAP_FIELDS, ...extraMapFields]);
  const errors = result.error.issues.map((issue) => typeInvalid(issuePath(path, issue.path, maps), issue.input, issue.message));
  return { ok: false, errors };
}

function issuePath(base: string, segments: readonly PropertyKey[], maps: ReadonlySet<string>): string {
  let path = base;
  let previous = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path = index(path, segment);
    else if (maps.has(previous)) path = key(path, String(segment));
    else path = path === '' ? String(segment) : `${path}.${String(segment)}`;
    // A map key is data, never a field name that could open another map.
    previous = typeof segment === 'string' && !maps.has(previous) ? segment : '';
  }
  return path;
}

/** whether some object inside `value` has a null-valued member (withoutNulls would copy it differently) */
function hasNullMember(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullMember);
  if (!isRecord(value)) return false;
  for (const key in value) {
    const member = value[key];
    if (member === null || (typeof member === 'object' && hasNullMember(member))) return true;
  }
  return false;
}

/** A copy without null-valued object members; Go decodes those as absent fields. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}
