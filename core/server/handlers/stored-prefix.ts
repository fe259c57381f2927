import { apiVersionOf, type ResourceType } from '../../api/resource-type.ts';

/** How each kind's objects begin when the kind writes them: by type, built once. */
const storedPrefixes = new WeakMap<ResourceType, string>();

/**
 * `{"apiVersion":…,"kind":…,"metadata":{`, the start of every object the
 * pipeline stores for `type`: a stored text that begins so can be answered
 * with its resourceVersion put in, without parsing it (storedJsonWithVersion).
 */
export function storedPrefixOf(type: ResourceType): string {
  let prefix = storedPrefixes.get(type);
  if (prefix === undefined) {
    prefix = `{"apiVersion":${JSON.stringify(apiVersionOf(type))},"kind":${JSON.stringify(type.kind)},"metadata":{`;
    storedPrefixes.set(type, prefix);
  }
  return prefix;
}
