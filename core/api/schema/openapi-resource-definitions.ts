/**
 * The definitions an OpenAPI document for some resources needs: each kind (tagged with
 * `x-kubernetes-group-version-kind`, which `kubectl explain` and kubectl's patch code use
 * to find a kind's schema), its list, the kinds its subresources use, and the meta types
 * the operations reference (DeleteOptions, Status, Patch).
 */
import type { GroupVersionKind } from './builtin-kinds.ts';
import { kindDefinitionName, OBJECT_META_DEFINITION, PATCH_DEFINITION } from './definition-names.ts';
import { DefinitionCollector, refTo, type JsonObject, type OpenApiFlavor } from './openapi-definitions.ts';
import { subresourceKind, type OpenApiResource } from './openapi-operations.ts';
import { schemaForKind, schemaForModel } from './schema.ts';

/** A kind the client models do not describe: typed metadata, anything else accepted. */
function permissiveKindDefinition(flavor: OpenApiFlavor): JsonObject {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: refTo(flavor, OBJECT_META_DEFINITION),
    },
    'x-kubernetes-preserve-unknown-fields': true,
  };
}

function addKind(collector: DefinitionCollector, flavor: OpenApiFlavor, gvk: GroupVersionKind): void {
  const schema = schemaForKind(gvk.group, gvk.version, gvk.kind);
  const name = schema === undefined ? kindDefinitionName(gvk.group, gvk.version, gvk.kind) : collector.add(schema);
  if (name === undefined) return;
  if (schema === undefined) {
    collector.add(schemaForModel('V1ObjectMeta'));
    collector.addNamed(name, permissiveKindDefinition(flavor));
  }
  const definition = collector.definitions[name];
  // Definitions carry a list of GVKs (operations carry a single one).
  if (definition !== undefined) definition['x-kubernetes-group-version-kind'] = [{ group: gvk.group, kind: gvk.kind, version: gvk.version }];
}

export function collectResourceDefinitions(
  flavor: OpenApiFlavor,
  groupVersions: readonly { group: string; version: string; resources: readonly OpenApiResource[] }[],
): Record<string, JsonObject> {
  const collector = new DefinitionCollector(flavor);
  for (const { group, version, resources } of groupVersions) {
    for (const resource of resources) {
      const gvk = { group, version, kind: resource.kind };
      addKind(collector, flavor, gvk);
      if (schemaForKind(group, version, `${resource.kind}List`) !== undefined) {
        addKind(collector, flavor, { ...gvk, kind: `${resource.kind}List` });
      }
      for (const subresource of resource.subresources ?? []) {
        const subKind = subresourceKind(subresource, gvk);
        if (subKind !== undefined) addKind(collector, flavor, subKind);
      }
    }
  }
  collector.add(schemaForModel('V1DeleteOptions'));
  collector.add(schemaForModel('V1Status'));
  collector.addNamed(PATCH_DEFINITION);
  return sortedByName(collector.definitions);
}

function sortedByName(definitions: Record<string, JsonObject>): Record<string, JsonObject> {
  return Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
