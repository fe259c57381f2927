import { badRequest } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { schemaForKind } from '../../api/schema/schema.ts';
import { checkSchemaFields } from '../../api/schema/unknown-fields.ts';
import { hasKeys, isRecord, type KubeObject } from '../../api/types/meta.ts';
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
  const { typeErrors, unknown } = checkSchemaFields(schema, obj, mode !== 'Ignore');
  const first = typeErrors[0];
  if (first !== undefined) {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${first.found} into Go struct field ${first.path} of type ${first.expected}`,
    );
  }
  if (unknown.length === 0) return [];
  if (mode === 'Strict') {
    const strict = `strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`;
    throw badRequest(source === 'body' ? `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${strict}` : strict);
  }
  return unknown.map((f) => `unknown field "${f}"`);
}

/**
 * Does in place what decoding into kube-apiserver's Go structs and encoding
 * them for storage does: a field the kind's schema does not define is
 * dropped (under Warn and Ignore it is accepted but never stored, e.g.
 * `kubectl apply --validate=false`), and so is an empty map, since every map
 * of the Kubernetes API is `omitempty` (removing the last label leaves no
 * `labels: {}` behind).
 */
export function dropWhatDecodingDrops(type: ResourceType, obj: KubeObject): void {
  const schema = schemaForKind(type.group, type.version, type.kind);
  if (schema !== undefined) prune(schema, obj, true);
}

function prune(schema: FieldSchema, value: unknown, top: boolean): void {
  if (schema.type === 'array' && schema.items !== undefined && Array.isArray(value)) {
    for (const item of value) prune(schema.items, item, false);
  } else if (schema.type === 'map' && schema.values !== undefined && isRecord(value)) {
    for (const key in value) prune(schema.values, value[key], false);
  } else if (schema.type === 'object' && schema.properties !== undefined && isRecord(value)) {
    for (const key of Object.keys(value)) {
      const item = value[key];
      const field = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (field === undefined) {
        if (!(top && (key === 'apiVersion' || key === 'kind'))) delete value[key];
      } else if (field.type === 'map' && isRecord(item) && !hasKeys(item)) {
        delete value[key];
      } else {
        prune(field, item, false);
      }
    }
  }
}
