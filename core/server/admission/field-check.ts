import { badRequest } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { schemaForKind } from '../../api/schema/schema.ts';
import { findTypeErrors, findUnknownFields } from '../../api/schema/unknown-fields.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { FieldSchema } from '../../api/schema/schema.ts';
import type { FieldValidation } from '../query.ts';

/**
 * What kube-apiserver's decoder checks: a value of the wrong JSON type is a
 * 400 whatever the mode; unknown fields fail under Strict, become `Warning`
 * headers under Warn, and pass under Ignore.
 * Returns the warnings to send.
 * `source` 'body' is a POST or PUT body: kube-apiserver reports its strict
 * errors through transformDecodeError, which names the kind ("Deployment in
 * version "v1" cannot be handled as a Deployment: strict decoding error: ...");
 * a patched object's strict errors come bare.
 */
export function checkFields(type: ResourceType, obj: KubeObject, mode: FieldValidation, source: 'body' | 'patch' = 'body'): string[] {
  const schema = schemaForKind(type.group, type.version, type.kind);
  if (schema === undefined) return [];
  const typeErrors = findTypeErrors(schema, obj);
  const first = typeErrors[0];
  if (first !== undefined) {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${first.found} into Go struct field ${first.path} of type ${first.expected}`,
    );
  }
  if (mode === 'Ignore') return [];
  const unknown = findUnknownFields(schema, obj);
  if (unknown.length === 0) return [];
  if (mode === 'Strict') {
    const strict = `strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`;
    throw badRequest(source === 'body' ? `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${strict}` : strict);
  }
  return unknown.map((f) => `unknown field "${f}"`);
}

/**
 * Removes the fields the kind's schema does not define, in place, as decoding
 * into kube-apiserver's Go structs does: under Warn and Ignore an unknown
 * field is accepted but never stored (`kubectl apply --validate=false`).
 */
export function dropUnknownFields(type: ResourceType, obj: KubeObject): void {
  const schema = schemaForKind(type.group, type.version, type.kind);
  if (schema !== undefined) prune(schema, obj, true);
}

function prune(schema: FieldSchema, value: unknown, top: boolean): void {
  if (schema.type === 'array' && schema.items !== undefined && Array.isArray(value)) {
    for (const item of value) prune(schema.items, item, false);
  } else if (schema.type === 'map' && schema.values !== undefined && isRecord(value)) {
    for (const item of Object.values(value)) prune(schema.values, item, false);
  } else if (schema.type === 'object' && schema.properties !== undefined && isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const field = schema.properties[key];
      if (field !== undefined) prune(field, item, false);
      else if (!(top && (key === 'apiVersion' || key === 'kind'))) delete value[key];
    }
  }
}
