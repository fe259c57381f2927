/**
 * Kubernetes OpenAPI definition names for the generated model classes:
 * V1PodSpec → io.k8s.api.core.v1.PodSpec, V1ObjectMeta → io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta,
 * V1DeploymentSpec → io.k8s.api.apps.v1.DeploymentSpec.
 *
 * The class name keeps the version but drops the Go package, except when two packages
 * define the same name (`CoreV1Event`, `DiscoveryV1EndpointPort`). The package of the rest
 * is recovered from the object graph: apimachinery's meta types are listed, a class reachable
 * from a core/v1 kind is core (PodTemplateSpec, ObjectReference), and anything else belongs
 * to the group of the first built-in kind that reaches it (DeploymentSpec → apps).
 */
import { builtinKinds, groupSegment, modelClassForKind, packageName } from './builtin-kinds.ts';
import { kubernelKindDefinitionName } from './kubernel-names.ts';
import { modelAttributes, referencedModels } from './model-registry.ts';

const META_PACKAGE = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export const TIME_DEFINITION = `${META_PACKAGE}.Time`;
export const MICRO_TIME_DEFINITION = `${META_PACKAGE}.MicroTime`;
export const INT_OR_STRING_DEFINITION = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const OBJECT_META_DEFINITION = `${META_PACKAGE}.ObjectMeta`;
export const LIST_META_DEFINITION = `${META_PACKAGE}.ListMeta`;
export const STATUS_DEFINITION = `${META_PACKAGE}.Status`;
export const DELETE_OPTIONS_DEFINITION = `${META_PACKAGE}.DeleteOptions`;
export const PATCH_DEFINITION = `${META_PACKAGE}.Patch`;

/** Model classes that live in k8s.io/apimachinery/pkg/apis/meta/v1. */
const META_CLASSES = new Set([
  'V1APIGroup', 'V1APIGroupList', 'V1APIResource', 'V1APIResourceList', 'V1APIVersions', 'V1Condition',
  'V1DeleteOptions', 'V1FieldSelectorRequirement', 'V1GroupVersionForDiscovery', 'V1LabelSelector',
  'V1LabelSelectorRequirement', 'V1ListMeta', 'V1ManagedFieldsEntry', 'V1ObjectMeta', 'V1OwnerReference',
  'V1Preconditions', 'V1ServerAddressByClientCIDR', 'V1Status', 'V1StatusCause', 'V1StatusDetails', 'V1WatchEvent',
]);

const CLASS_NAME = /^([A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z].*)$/;

interface ParsedClassName {
  /** lowercased group prefix when the generator added one ('core' for CoreV1Event) */
  segment: string | undefined;
  version: string;
  name: string;
}

function parseClassName(className: string): ParsedClassName | undefined {
  const match = CLASS_NAME.exec(className);
  if (!match || match[2] === undefined || match[3] === undefined) return undefined;
  return { segment: match[1]?.toLowerCase(), version: match[2].toLowerCase(), name: match[3] };
}

let owningSegments: Map<string, string> | undefined;

/** Class → group segment for every unprefixed, non-meta class reachable from a built-in kind. */
function computeOwningSegments(): Map<string, string> {
  const owners = new Map<string, string>();
  const kinds = builtinKinds().flatMap((gvk) =>
    [gvk.kind, `${gvk.kind}List`].flatMap((kind) => {
      const className = modelClassForKind(gvk.group, gvk.version, kind);
      return className === undefined ? [] : [{ className, segment: groupSegment(gvk.group) }];
    }),
  );
  // Kinds first, so a kind is never claimed by another group's closure (autoscaling's Scale from apps).
  for (const { className, segment } of kinds) owners.set(className, segment);
  // Core first: core types reached from other groups (PodTemplateSpec from apps) stay core.
  for (const { className, segment } of kinds) {
    const queue = [className];
    for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
      for (const attribute of modelAttributes(current) ?? []) {
        for (const referenced of referencedModels(attribute.type)) {
          if (owners.has(referenced) || META_CLASSES.has(referenced)) continue;
          owners.set(referenced, segment);
          queue.push(referenced);
        }
      }
    }
  }
  return owners;
}

const nameCache = new Map<string, string>();
const classByDefinition = new Map<string, string>();

/** The Kubernetes definition name of a generated model class. */
export function definitionName(className: string): string {
  const cached = nameCache.get(className);
  if (cached !== undefined) return cached;
  const parsed = parseClassName(className);
  let name: string;
  if (parsed === undefined) {
    name = className;
  } else if (META_CLASSES.has(className)) {
    name = `${META_PACKAGE}.${parsed.name}`;
  } else {
    owningSegments ??= computeOwningSegments();
    const segment = parsed.segment ?? owningSegments.get(className) ?? 'core';
    name = `${packageName(segment, parsed.version)}.${parsed.name}`;
  }
  nameCache.set(className, name);
  classByDefinition.set(name, className);
  return name;
}

/** The model class a definition name was derived from (after `definitionName` produced it). */
export function modelClassOfDefinition(definition: string): string | undefined {
  return classByDefinition.get(definition);
}

/** Definition name of a kind without a model class: io.k8s.api.<group>.<version>.<Kind>. */
export function kindDefinitionName(group: string, version: string, kind: string): string {
  const className = modelClassForKind(group, version, kind);
  if (className !== undefined) return definitionName(className);
  return kubernelKindDefinitionName(group, version, kind) ?? `${packageName(groupSegment(group), version)}.${kind}`;
}
