/**
 * The OpenAPI v3 documents kubectl fetches: the `/openapi/v3` index and one document per
 * group/version (`/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`).
 *
 * What kubectl 1.32 (client-go/openapi, openapi3, cli-runtime, kubectl explain/apply) needs:
 * - Index: `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}}}`, keys
 *   exactly `api/<v>` or `apis/<group>/<v>` (openapi3.GroupVersionToAPIPath). A URL starting with
 *   `/openapi/v3` is re-rooted under the client's prefix and its query (the hash) re-added.
 *   The document is then fetched with `Accept: application/json` and decoded into kube-openapi's
 *   spec3.OpenAPI, so it must be well-typed JSON (parameters, requestBody, responses by code).
 * - A group/version missing from the index makes cli-runtime's QueryParamVerifierV3 answer
 *   "fieldValidation unsupported" (unless the kind is a CRD), which switches kubectl to
 *   client-side validation against /openapi/v2 — which client-go only reads as protobuf.
 *   So every served group/version belongs in the index.
 * - Server-side field validation is detected per GVK (supportsQueryParamV3): kubectl takes the
 *   first PATCH operation whose `x-kubernetes-group-version-kind` (a single object
 *   `{group, version, kind}` on operations) equals the GVK and looks for a parameter named
 *   `fieldValidation` among that operation's own, inline parameters (not path-level ones, not
 *   `$ref`s). Every PATCH carrying that GVK — status and scale too — therefore lists it.
 * - `kubectl explain <resource>` finds the GVK on a get/post/put/patch/delete operation of
 *   `<prefix>/<plural>`, `/{name}` or their namespaced forms, then the components.schemas entry
 *   whose `x-kubernetes-group-version-kind` (a list on definitions) contains that GVK, then walks
 *   `properties`, `items`, `additionalProperties`, `allOf` and `#/components/schemas/...` refs.
 * - `kubectl apply` (client-side) builds a strategic merge patch from this document only when
 *   the kind's PATCH requestBody offers `application/strategic-merge-patch+json`; it would then
 *   need `x-kubernetes-patch-strategy`/`-merge-key`, which the client models do not carry. We
 *   leave that content type out, so kubectl computes the patch from its compiled-in types
 *   (same merge keys as Kubernetes) and sends it as a strategic merge patch all the same.
 *   Failures on this path only log at -v=5; the v2 document is consulted next (errors ignored).
 */
import { createHash } from 'node:crypto';
import { DELETE_OPTIONS_DEFINITION, PATCH_DEFINITION } from './definition-names.ts';
import { refTo, type JsonObject } from './openapi-definitions.ts';
import {
  operationTag,
  PATH_PARAMETER_DESCRIPTIONS,
  PRETTY,
  resourcePaths,
  type OpenApiResource,
  type OperationSpec,
  type PathSpec,
  type QueryParameter,
} from './openapi-operations.ts';
import { collectResourceDefinitions } from './openapi-resource-definitions.ts';

export type { OpenApiResource } from './openapi-operations.ts';

const PATCH_CONTENT_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

interface CachedDocument {
  document: JsonObject;
  hash: string;
}

const documentCache = new Map<string, CachedDocument>();

/** The index key of a group/version: 'api/v1', 'apis/apps/v1'. */
export function openApiV3PathKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function queryParameter(parameter: QueryParameter): JsonObject {
  return { name: parameter.name, in: 'query', description: parameter.description, schema: { type: parameter.type, uniqueItems: true } };
}

function jsonContent(definition: string): JsonObject {
  return { 'application/json': { schema: refTo('v3', definition) } };
}

function operation(spec: OperationSpec, tag: string): JsonObject {
  const responses: JsonObject = { '200': { description: 'OK', content: jsonContent(spec.response) } };
  for (const code of spec.alsoReturns) {
    responses[code] = { description: code === '201' ? 'Created' : 'Accepted', content: jsonContent(spec.response) };
  }
  responses['401'] = { description: 'Unauthorized' };
  const result: JsonObject = {
    description: spec.description,
    operationId: spec.operationId,
    tags: [tag],
    parameters: spec.parameters.map(queryParameter),
  };
  if (spec.body === PATCH_DEFINITION) {
    const content = Object.fromEntries(PATCH_CONTENT_TYPES.map((type) => [type, { schema: refTo('v3', PATCH_DEFINITION) }]));
    result['requestBody'] = { content, required: true };
  } else if (spec.body !== undefined) {
    result['requestBody'] = { content: { '*/*': { schema: refTo('v3', spec.body) } }, required: spec.body !== DELETE_OPTIONS_DEFINITION };
  }
  result['responses'] = responses;
  result['x-kubernetes-action'] = spec.action;
  result['x-kubernetes-group-version-kind'] = { group: spec.gvk.group, kind: spec.gvk.kind, version: spec.gvk.version };
  return result;
}

function pathItem(spec: PathSpec, tag: string): JsonObject {
  const parameters = spec.pathParameters.map((name) => ({
    name,
    in: 'path',
    required: true,
    description: name === 'namespace' ? PATH_PARAMETER_DESCRIPTIONS.namespace : PATH_PARAMETER_DESCRIPTIONS.name(spec.kind),
    schema: { type: 'string', uniqueItems: true },
  }));
  const item: JsonObject = { parameters: [...parameters, queryParameter(PRETTY)] };
  for (const op of spec.operations) item[op.method] = operation(op, tag);
  return item;
}

function cacheKey(group: string, version: string, resources: readonly OpenApiResource[]): string {
  return JSON.stringify([group, version, resources.map((r) => [r.kind, r.plural, r.namespaced, r.subresources ?? []])]);
}

function buildDocument(group: string, version: string, resources: readonly OpenApiResource[]): CachedDocument {
  const key = cacheKey(group, version, resources);
  const cached = documentCache.get(key);
  if (cached) return cached;
  const tag = operationTag(group, version);
  const paths: JsonObject = {};
  for (const spec of resourcePaths(group, version, resources)) paths[spec.path] = pathItem(spec, tag);
  const document: JsonObject = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    components: {
      schemas: collectResourceDefinitions('v3', [{ group, version, resources }]),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
  // Kubernetes' cache-busting hash: upper-case hex SHA-512 of the served JSON.
  const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
  const entry = { document, hash };
  documentCache.set(key, entry);
  return entry;
}

/**
 * The document of one group/version (memoized; treat it as read-only). Kinds the client
 * models do not describe get a permissive schema so their paths still advertise fieldValidation.
 */
export function openApiV3Document(group: string, version: string, resources: readonly OpenApiResource[]): JsonObject {
  return buildDocument(group, version, resources).document;
}

/** The hash `/openapi/v3` advertises for a group/version document; serve it as the ETag. */
export function openApiV3DocumentHash(group: string, version: string, resources: readonly OpenApiResource[]): string {
  return buildDocument(group, version, resources).hash;
}

/**
 * The `/openapi/v3` index. Pass each group/version's resources so the hash tracks the
 * document actually served (without them the hash is that of an empty document).
 */
export function openApiV3Paths(
  groupVersions: readonly { group: string; version: string; resources?: readonly OpenApiResource[] }[],
): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version, resources } of groupVersions) {
    const key = openApiV3PathKey(group, version);
    const hash = openApiV3DocumentHash(group, version, resources ?? []);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}
