/**
 * The swagger 2.0 document served at `/openapi/v2`, with the same definition names, GVK
 * extensions, paths and `fieldValidation` parameters as the v3 documents.
 *
 * How kubectl 1.32 uses it: client-go's DiscoveryClient.OpenAPISchema requests it with
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and decodes gnostic
 * protobuf (`openapi-v2-protobuf.ts` encodes this document so); the JSON serves other clients.
 * kubectl reaches it for a `kind: List`, which the v3 verifier refuses, when the v3 verifier errors (cli-runtime's QueryParamVerifier then takes
 * the first PATCH operation tagged with the GVK and looks for `fieldValidation` among its
 * parameters, inline or `#/parameters/` refs), for client-side validation when the server is
 * not known to validate fields, and in `apply` to choose a patch type from the PATCH
 * `consumes` list. As in v3, `application/strategic-merge-patch+json` is left out of PATCH's
 * `consumes` so kubectl computes strategic merge patches from its compiled-in types (this
 * document has no `x-kubernetes-patch-merge-key` data).
 */
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

export type OpenApiGroupVersion = { group: string; version: string; resources: readonly OpenApiResource[] };

const PATCH_CONSUMES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

const documentCache = new Map<string, JsonObject>();

function queryParameter(parameter: QueryParameter): JsonObject {
  return { uniqueItems: true, type: parameter.type, description: parameter.description, name: parameter.name, in: 'query' };
}

function operation(spec: OperationSpec, tag: string): JsonObject {
  const responses: JsonObject = { '200': { description: 'OK', schema: refTo('v2', spec.response) } };
  for (const code of spec.alsoReturns) {
    responses[code] = { description: code === '201' ? 'Created' : 'Accepted', schema: refTo('v2', spec.response) };
  }
  responses['401'] = { description: 'Unauthorized' };
  const parameters = spec.parameters.map(queryParameter);
  if (spec.body !== undefined) {
    parameters.unshift({ name: 'body', in: 'body', required: spec.body !== DELETE_OPTIONS_DEFINITION, schema: refTo('v2', spec.body) });
  }
  return {
    description: spec.description,
    consumes: spec.body === PATCH_DEFINITION ? PATCH_CONSUMES : ['*/*'],
    produces: ['application/json', 'application/yaml'],
    schemes: ['https'],
    tags: [tag],
    operationId: spec.operationId,
    parameters,
    responses,
    'x-kubernetes-action': spec.action,
    'x-kubernetes-group-version-kind': { group: spec.gvk.group, kind: spec.gvk.kind, version: spec.gvk.version },
  };
}

function pathItem(spec: PathSpec, tag: string): JsonObject {
  const parameters = spec.pathParameters.map((name) => ({
    uniqueItems: true,
    type: 'string',
    description: name === 'namespace' ? PATH_PARAMETER_DESCRIPTIONS.namespace : PATH_PARAMETER_DESCRIPTIONS.name(spec.kind),
    name,
    in: 'path',
    required: true,
  }));
  const item: JsonObject = { parameters: [...parameters, queryParameter(PRETTY)] };
  for (const op of spec.operations) item[op.method] = operation(op, tag);
  return item;
}

/** The whole-cluster swagger 2.0 document for the given group/versions (memoized; treat as read-only). */
export function openApiV2Document(groupVersions: readonly OpenApiGroupVersion[]): JsonObject {
  const key = JSON.stringify(
    groupVersions.map((gv) => [gv.group, gv.version, gv.resources.map((r) => [r.kind, r.plural, r.namespaced, r.subresources ?? []])]),
  );
  const cached = documentCache.get(key);
  if (cached) return cached;
  const paths: JsonObject = {};
  for (const { group, version, resources } of groupVersions) {
    const tag = operationTag(group, version);
    for (const spec of resourcePaths(group, version, resources)) paths[spec.path] = pathItem(spec, tag);
  }
  const document: JsonObject = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    definitions: collectResourceDefinitions('v2', groupVersions),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
  documentCache.set(key, document);
  return document;
}
