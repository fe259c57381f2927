/**
 * The REST paths and operations of a group/version's resources, independent of the OpenAPI
 * flavor: which path, which method, which Kubernetes action and GVK, which query parameters,
 * which request and response bodies. openapi-v2.ts and openapi-v3.ts render these.
 */
import type { GroupVersionKind } from './builtin-kinds.ts';
import { DELETE_OPTIONS_DEFINITION, kindDefinitionName, PATCH_DEFINITION, STATUS_DEFINITION } from './definition-names.ts';
import { schemaForKind } from './schema.ts';

/** One served resource; ResourceType objects fit this shape as they are. */
export interface OpenApiResource {
  kind: string;
  /** lowercase plural, the path segment */
  plural: string;
  namespaced: boolean;
  /** 'status', 'scale', 'binding', 'eviction' get their own paths; others are ignored */
  subresources?: readonly string[];
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

export interface QueryParameter {
  name: string;
  type: 'string' | 'boolean' | 'integer';
  description: string;
}

export interface OperationSpec {
  method: HttpMethod;
  action: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
  operationId: string;
  description: string;
  gvk: GroupVersionKind;
  parameters: QueryParameter[];
  /** definition name of the request body (PATCH bodies use the Patch definition) */
  body?: string;
  /** definition name of the 200 response */
  response: string;
  /** additional success codes that return the same body */
  alsoReturns: string[];
}

export interface PathSpec {
  path: string;
  pathParameters: ('name' | 'namespace')[];
  operations: OperationSpec[];
  /** the object kind this path serves, for its path-parameter descriptions */
  kind: string;
}

const q = (name: string, type: QueryParameter['type'], description: string): QueryParameter => ({ name, type, description });

/** Kubernetes declares `pretty` once per path rather than per operation. */
export const PRETTY = q('pretty', 'string', "If 'true', then the output is pretty printed.");
const DRY_RUN = q('dryRun', 'string', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = q('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes.');
/** kubectl looks for exactly this parameter on PATCH to decide the server validates fields itself. */
const FIELD_VALIDATION = q(
  'fieldValidation',
  'string',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict (the default).',
);
const FORCE = q('force', 'boolean', 'Force is going to "force" Apply requests. It must be unset for non-apply patch requests.');
const WRITE_PARAMETERS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
const LIST_PARAMETERS = [
  q('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  q('continue', 'string', 'The continue option should be set when retrieving more results from the server.'),
  q('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields.'),
  q('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels.'),
  q('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  q('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  q('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  q('sendInitialEvents', 'boolean', 'sendInitialEvents=true may be set together with watch=true.'),
  q('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
];
const DELETE_PARAMETERS = [
  DRY_RUN,
  q('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted.'),
  q('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy.'),
  q('propagationPolicy', 'string', "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
];

/** 'rbac.authorization.k8s.io', 'v1' → 'RbacAuthorizationV1'; core → 'CoreV1', as in Kubernetes operation ids. */
function operationGroupName(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  return [...words, version].map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** The kind a subresource reads and writes, as Kubernetes registers them. */
export function subresourceKind(subresource: string, owner: GroupVersionKind): GroupVersionKind | undefined {
  switch (subresource) {
    case 'status':
      return owner;
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    case 'binding':
      return { group: '', version: 'v1', kind: 'Binding' };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction' };
    default:
      return undefined;
  }
}

function definitionOf(gvk: GroupVersionKind): string {
  return kindDefinitionName(gvk.group, gvk.version, gvk.kind);
}

/** The definition of `<Kind>List`, or Status where no list model exists. */
function listDefinitionOf(gvk: GroupVersionKind): string {
  return schemaForKind(gvk.group, gvk.version, `${gvk.kind}List`)?.ref ?? STATUS_DEFINITION;
}

/** What the path builders need to know about one resource. */
interface ResourceContext {
  resource: OpenApiResource;
  gvk: GroupVersionKind;
  /** the API root: /api/v1, /apis/apps/v1 */
  prefix: string;
  /** the collection path: /api/v1/namespaces/{namespace}/pods */
  base: string;
  scopeParameters: PathSpec['pathParameters'];
  /** operation id of a verb: ('read') → readCoreV1NamespacedPod, ('delete', 'Collection') → deleteCoreV1CollectionNamespacedPod */
  id: (verb: string, options?: { beforeScope?: string; suffix?: string; unscoped?: boolean }) => string;
  op: (method: HttpMethod, action: OperationSpec['action'], operationId: string, description: string, extra?: Partial<OperationSpec>) => OperationSpec;
}

function resourceContext(group: string, version: string, resource: OpenApiResource): ResourceContext {
  const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const opGroup = operationGroupName(group, version);
  const scope = resource.namespaced ? 'Namespaced' : '';
  const gvk = { group, version, kind: resource.kind };
  const object = definitionOf(gvk);
  return {
    resource,
    gvk,
    prefix,
    base: resource.namespaced ? `${prefix}/namespaces/{namespace}/${resource.plural}` : `${prefix}/${resource.plural}`,
    scopeParameters: resource.namespaced ? ['namespace'] : [],
    id: (verb, { beforeScope = '', suffix = '', unscoped = false } = {}) =>
      `${verb}${opGroup}${beforeScope}${unscoped ? '' : scope}${resource.kind}${suffix}`,
    op: (method, action, operationId, description, extra = {}) => ({
      method, action, operationId, description, gvk, parameters: [], response: object, alsoReturns: [], ...extra,
    }),
  };
}

function collectionPaths({ resource, gvk, prefix, base, scopeParameters, id, op }: ResourceContext): PathSpec[] {
  const kind = resource.kind;
  const list = (operationId: string): OperationSpec =>
    op('get', 'list', operationId, `list or watch objects of kind ${kind}`, { parameters: LIST_PARAMETERS, response: listDefinitionOf(gvk) });
  const paths: PathSpec[] = [
    {
      path: base,
      pathParameters: scopeParameters,
      kind,
      operations: [
        list(id('list')),
        op('post', 'create', id('create'), `create a ${kind}`, { parameters: WRITE_PARAMETERS, body: definitionOf(gvk), alsoReturns: ['201', '202'] }),
        op('delete', 'deletecollection', id('delete', { beforeScope: 'Collection' }), `delete collection of ${kind}`, {
          parameters: [...DELETE_PARAMETERS, ...LIST_PARAMETERS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')],
          body: DELETE_OPTIONS_DEFINITION,
          response: STATUS_DEFINITION,
        }),
      ],
    },
  ];
  // Namespaced resources are also listed across namespaces: GET /api/v1/pods.
  if (resource.namespaced) {
    paths.push({ path: `${prefix}/${resource.plural}`, pathParameters: [], kind, operations: [list(id('list', { suffix: 'ForAllNamespaces', unscoped: true }))] });
  }
  return paths;
}

function itemPath({ resource, gvk, base, scopeParameters, id, op }: ResourceContext): PathSpec {
  const kind = resource.kind;
  const object = definitionOf(gvk);
  return {
    path: `${base}/{name}`,
    pathParameters: [...scopeParameters, 'name'],
    kind,
    operations: [
      op('get', 'get', id('read'), `read the specified ${kind}`),
      op('put', 'update', id('replace'), `replace the specified ${kind}`, { parameters: WRITE_PARAMETERS, body: object, alsoReturns: ['201'] }),
      op('patch', 'patch', id('patch'), `partially update the specified ${kind}`, { parameters: [...WRITE_PARAMETERS, FORCE], body: PATCH_DEFINITION, alsoReturns: ['201'] }),
      op('delete', 'delete', id('delete'), `delete a ${kind}`, { parameters: DELETE_PARAMETERS, body: DELETE_OPTIONS_DEFINITION, alsoReturns: ['202'] }),
    ],
  };
}

function subresourcePaths({ resource, gvk, base, scopeParameters, id, op }: ResourceContext): PathSpec[] {
  const paths: PathSpec[] = [];
  for (const subresource of resource.subresources ?? []) {
    const subGvk = subresourceKind(subresource, gvk);
    if (subGvk === undefined) continue;
    const object = definitionOf(subGvk);
    const suffix = subresource.charAt(0).toUpperCase() + subresource.slice(1);
    const sub = (method: HttpMethod, action: OperationSpec['action'], verb: string, extra: Partial<OperationSpec> = {}): OperationSpec =>
      op(method, action, id(verb, { suffix }), `${verb} ${subresource} of the specified ${resource.kind}`, { gvk: subGvk, response: object, ...extra });
    // binding and eviction are create-only; status and scale are read, replaced and patched.
    const operations =
      subresource === 'binding' || subresource === 'eviction'
        ? [sub('post', 'create', 'create', { parameters: WRITE_PARAMETERS, body: object, alsoReturns: ['201', '202'] })]
        : [
            sub('get', 'get', 'read'),
            sub('put', 'update', 'replace', { parameters: WRITE_PARAMETERS, body: object, alsoReturns: ['201'] }),
            sub('patch', 'patch', 'patch', { parameters: [...WRITE_PARAMETERS, FORCE], body: PATCH_DEFINITION, alsoReturns: ['201'] }),
          ];
    paths.push({ path: `${base}/{name}/${subresource}`, pathParameters: [...scopeParameters, 'name'], kind: resource.kind, operations });
  }
  return paths;
}

/** All paths of the given resources, with the operations Kubernetes serves on them. */
export function resourcePaths(group: string, version: string, resources: readonly OpenApiResource[]): PathSpec[] {
  return resources.flatMap((resource) => {
    const context = resourceContext(group, version, resource);
    return [...collectionPaths(context), itemPath(context), ...subresourcePaths(context)];
  });
}

/** Tag Kubernetes puts on a group/version's operations: core_v1, apps_v1, rbacAuthorization_v1. */
export function operationTag(group: string, version: string): string {
  const name = operationGroupName(group, '');
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}_${version}`;
}

export const PATH_PARAMETER_DESCRIPTIONS = {
  namespace: 'object name and auth scope, such as for teams and projects',
  name: (kind: string): string => `name of the ${kind}`,
};
