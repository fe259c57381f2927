/**
 * Turns FieldSchema graphs into named OpenAPI schema definitions, the way Kubernetes names
 * and shapes them (io.k8s.api.core.v1.PodSpec, IntOrString, Quantity, Time), for both
 * swagger 2.0 (`#/definitions/`) and OpenAPI 3.0 (`#/components/schemas/`).
 *
 * Differences between the two follow kube-openapi: v3 wraps a described `$ref` in
 * `allOf` (siblings of `$ref` are ignored in 3.0) and spells IntOrString and Quantity
 * as `oneOf` unions; v2 keeps `$ref` next to `description` and types both as strings.
 */
import {
  INT_OR_STRING_DEFINITION,
  MICRO_TIME_DEFINITION,
  modelClassOfDefinition,
  PATCH_DEFINITION,
  QUANTITY_DEFINITION,
  TIME_DEFINITION,
} from './definition-names.ts';
import { kubernelModelDocs } from './kubernel-kinds.ts';
import { modelDocs } from './model-docs.ts';
import type { FieldSchema } from './schema.ts';

export type OpenApiFlavor = 'v2' | 'v3';
export type JsonObject = { [key: string]: unknown };

const REF_PREFIX: Record<OpenApiFlavor, string> = {
  v2: '#/definitions/',
  v3: '#/components/schemas/',
};

export function refTo(flavor: OpenApiFlavor, definition: string): JsonObject {
  return { $ref: `${REF_PREFIX[flavor]}${definition}` };
}

/** Definitions that are not model classes: apimachinery's scalar-like types and the PATCH body. */
function specialDefinition(flavor: OpenApiFlavor, name: string): JsonObject | undefined {
  switch (name) {
    case TIME_DEFINITION:
      return {
        description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.',
        type: 'string',
        format: 'date-time',
      };
    case MICRO_TIME_DEFINITION:
      return { description: 'MicroTime is version of Time with microsecond level precision.', type: 'string', format: 'date-time' };
    case INT_OR_STRING_DEFINITION: {
      const description = 'IntOrString is a type that can hold an int32 or a string.';
      return flavor === 'v3'
        ? { description, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }
        : { description, type: 'string', format: 'int-or-string' };
    }
    case QUANTITY_DEFINITION: {
      const description = 'Quantity is a fixed-point representation of a number.';
      return flavor === 'v3'
        ? { description, oneOf: [{ type: 'string' }, { type: 'number' }] }
        : { description, type: 'string' };
    }
    case PATCH_DEFINITION:
      return {
        description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
        type: 'object',
      };
    default:
      return undefined;
  }
}

function withDescription(schema: JsonObject, description: string | undefined): JsonObject {
  return description === undefined ? schema : { ...schema, description };
}

/** Collects the definitions reachable from a set of roots; memoized per definition name. */
export class DefinitionCollector {
  readonly definitions: Record<string, JsonObject> = {};
  private readonly pending: FieldSchema[] = [];

  constructor(private readonly flavor: OpenApiFlavor) {}

  /** Adds a named schema (and everything it references); returns its definition name. */
  add(schema: FieldSchema): string | undefined {
    this.pending.push(schema);
    this.drain();
    return schema.ref;
  }

  /** Adds a definition that has no FieldSchema (Patch) or a hand-made one. */
  addNamed(name: string, definition?: JsonObject): void {
    if (this.definitions[name] !== undefined) return;
    const resolved = definition ?? specialDefinition(this.flavor, name);
    if (resolved !== undefined) this.definitions[name] = resolved;
  }

  private drain(): void {
    for (let schema = this.pending.pop(); schema !== undefined; schema = this.pending.pop()) {
      if (schema.ref === undefined) {
        this.queueChildren(schema);
        continue;
      }
      // A named schema is expanded once; that is what keeps recursive types finite.
      if (this.definitions[schema.ref] !== undefined) continue;
      this.definitions[schema.ref] = this.definitionOf(schema.ref, schema);
      this.queueChildren(schema);
    }
  }

  private queueChildren(schema: FieldSchema): void {
    if (schema.items) this.pending.push(schema.items);
    if (schema.values) this.pending.push(schema.values);
    if (schema.type === 'object' && schema.properties) {
      for (const property of Object.values(schema.properties)) this.pending.push(property);
    }
  }

  private definitionOf(name: string, schema: FieldSchema): JsonObject {
    const special = specialDefinition(this.flavor, name);
    if (special !== undefined) return special;
    const className = modelClassOfDefinition(name);
    const docs = className === undefined ? kubernelModelDocs(name) : modelDocs(className);
    const properties: JsonObject = {};
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      properties[field] = this.inline(property, docs?.fieldDescriptions.get(field));
    }
    const definition: JsonObject = { type: 'object', properties };
    if (docs?.description !== undefined) definition['description'] = docs.description;
    const required = docs?.required.filter((field) => field in properties) ?? [];
    if (required.length > 0) definition['required'] = required;
    return definition;
  }

  /** The schema of one field as it appears inside a definition. */
  inline(schema: FieldSchema, description?: string): JsonObject {
    if (schema.ref !== undefined) {
      const ref = refTo(this.flavor, schema.ref);
      if (description === undefined) return ref;
      return this.flavor === 'v3' ? { allOf: [ref], description } : { ...ref, description };
    }
    switch (schema.type) {
      case 'array':
        return withDescription({ type: 'array', items: schema.items ? this.inline(schema.items) : {} }, description);
      case 'map':
        return withDescription(
          { type: 'object', additionalProperties: schema.values ? this.inline(schema.values) : {} },
          description,
        );
      case 'object':
        return withDescription({ type: 'object' }, description);
      case 'any':
        return withDescription({}, description);
      case 'date-time':
        return withDescription({ type: 'string', format: 'date-time' }, description);
      case 'int-or-string':
      case 'quantity':
        return withDescription({ type: 'string' }, description);
      default:
        return withDescription({ type: schema.type }, description);
    }
  }
}
