/**
 * Access to the generated model classes of `@kubernetes/client-node` (V1Pod, V1PodSpec, ...)
 * and their static `attributeTypeMap`, the only runtime description of the built-in kinds'
 * fields that the package ships.
 *
 * Why the deep import: the package root (`@kubernetes/client-node`) re-exports exactly this
 * module (index → api → gen/index → gen/models/all), but importing the root also loads
 * undici 8, which needs Node >= 22.19 and throws at load time on Node 20 (our engine floor)
 * (`createZstdDecompress` is missing). `dist/gen/models/all.js` has no such dependency, and
 * the package has no `exports` map, so this path is importable. When Node 22 becomes the
 * floor, switch this one import to the package root; nothing else needs to change.
 */
import * as generatedModels from '@kubernetes/client-node/dist/gen/models/all.js';

/** One entry of a model's `attributeTypeMap`. */
export interface ModelAttribute {
  /** the TypeScript property name (`_default` for `default`) */
  name: string;
  /** the JSON field name */
  baseName: string;
  /** 'string' | 'number' | 'boolean' | 'Date' | 'V1ObjectMeta' | 'Array<V1Container>' | '{ [key: string]: string; }' | ... */
  type: string;
  /** 'int32' | 'int64' | 'double' | 'byte' | 'date-time' | 'date-time-micro' | 'int-or-string' | '' */
  format: string;
}

const registry: Readonly<Record<string, unknown>> = generatedModels;
const attributeCache = new Map<string, readonly ModelAttribute[] | undefined>();

function isModelAttribute(value: unknown): value is ModelAttribute {
  if (typeof value !== 'object' || value === null) return false;
  return (
    'name' in value &&
    typeof value.name === 'string' &&
    'baseName' in value &&
    typeof value.baseName === 'string' &&
    'type' in value &&
    typeof value.type === 'string' &&
    'format' in value &&
    typeof value.format === 'string'
  );
}

function readAttributeTypeMap(model: unknown): readonly ModelAttribute[] | undefined {
  if (typeof model !== 'function' || !('attributeTypeMap' in model)) return undefined;
  const map: unknown = model.attributeTypeMap;
  if (!Array.isArray(map)) return undefined;
  const attributes: ModelAttribute[] = [];
  for (const entry of map) {
    if (isModelAttribute(entry)) attributes.push({ name: entry.name, baseName: entry.baseName, type: entry.type, format: entry.format });
  }
  return attributes;
}

/** The fields of a generated model class, or undefined when no such class exists. */
export function modelAttributes(className: string): readonly ModelAttribute[] | undefined {
  if (attributeCache.has(className)) return attributeCache.get(className);
  const attributes = Object.hasOwn(registry, className) ? readAttributeTypeMap(registry[className]) : undefined;
  attributeCache.set(className, attributes);
  return attributes;
}

export function isModelClass(className: string): boolean {
  return modelAttributes(className) !== undefined;
}

/** The model class names a type expression mentions: 'Array<V1Container>' → ['V1Container']. */
export function referencedModels(type: string): string[] {
  return (type.match(/[A-Za-z0-9_]+/g) ?? []).filter((name) => isModelClass(name));
}
