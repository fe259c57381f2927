import { badRequest } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { schemaForKind } from '../../api/schema/schema.ts';
import { decodeSchemaFields } from '../../api/schema/unknown-fields.ts';
import { cloneJson } from '../../api/types/clone-json.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import type { FieldValidation } from '../query.ts';

/**
 * What kube-apiserver's decoder does with a body (or a patched object): a
 * value of the wrong JSON type is a 400 whatever the mode; unknown fields
 * fail under Strict, become `Warning` headers under Warn, and pass under
 * Ignore. Returns the object decoded, a copy of `input` the caller may
 * change, and the warnings to send. Decoding into Go structs and encoding
 * them for storage drops what the kind's schema does not define (under
 * Warn and Ignore it is accepted but never stored, e.g. `kubectl apply
 * --validate=false`) and every empty map, since every map of the
 * Kubernetes API is `omitempty` (removing the last label leaves no
 * `labels: {}` behind).
 * `source` 'body' is a POST or PUT body: kube-apiserver reports its strict
 * errors through transformDecodeError, which names the kind ("Deployment in
 * version "v1" cannot be handled as a Deployment: strict decoding error: ...");
 * a patched object's strict errors come bare.
 */
export function decodeFields(type: ResourceType, input: KubeObject, mode: FieldValidation, source: 'body' | 'patch' = 'body'): { object: KubeObject; warnings: string[] } {
  const schema = schemaForKind(type.group, type.version, type.kind);
  if (schema === undefined) return { object: cloneJson(input), warnings: [] };
  const { typeErrors, unknown, decoded } = decodeSchemaFields(schema, input, mode !== 'Ignore');
  const first = typeErrors[0];
  if (first !== undefined) {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${first.found} into Go struct field ${first.path} of type ${first.expected}`,
    );
  }
  if (unknown.length > 0 && mode === 'Strict') {
    const strict = `strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`;
    throw badRequest(source === 'body' ? `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${strict}` : strict);
  }
  // The walk of an object schema makes an object: the kind's own schema is one.
  return { object: decoded as KubeObject, warnings: unknown.map((f) => `unknown field "${f}"`) };
}
