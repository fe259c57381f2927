/** Helpers the OpenAPI tests share: reading untyped documents the way kubectl does. */
import { isRecord } from '../types/meta.ts';
import type { OpenApiResource } from './openapi-operations.ts';

/** The kinds the brief lists, per group/version, as the API server would serve them. */
export const LISTED_GROUP_VERSIONS: { group: string; version: string; resources: OpenApiResource[] }[] = [
  {
    group: '',
    version: 'v1',
    resources: [
      { kind: 'Namespace', plural: 'namespaces', namespaced: false, subresources: ['status'] },
      { kind: 'Pod', plural: 'pods', namespaced: true, subresources: ['status', 'binding', 'eviction', 'log', 'exec'] },
      { kind: 'Service', plural: 'services', namespaced: true, subresources: ['status'] },
      { kind: 'Endpoints', plural: 'endpoints', namespaced: true },
      { kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
      { kind: 'Secret', plural: 'secrets', namespaced: true },
      { kind: 'Node', plural: 'nodes', namespaced: false, subresources: ['status'] },
      { kind: 'Event', plural: 'events', namespaced: true },
      { kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
      { kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, subresources: ['status'] },
      { kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, subresources: ['status'] },
      { kind: 'Binding', plural: 'bindings', namespaced: true },
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resources: [
      { kind: 'Deployment', plural: 'deployments', namespaced: true, subresources: ['status', 'scale'] },
      { kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, subresources: ['status', 'scale'] },
    ],
  },
  { group: 'coordination.k8s.io', version: 'v1', resources: [{ kind: 'Lease', plural: 'leases', namespaced: true }] },
  { group: 'discovery.k8s.io', version: 'v1', resources: [{ kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true }] },
  { group: 'policy', version: 'v1', resources: [] },
  { group: 'autoscaling', version: 'v1', resources: [] },
];

/** `record[key]` when `value` is an object, else undefined. */
export function get(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** Every `$ref` string anywhere in a document. */
export function allRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) allRefs(item, found);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else allRefs(item, found);
    }
  }
  return found;
}

/** Resolves `$ref` and single-element `allOf` wrappers like kubectl explain's templates. */
export function resolve(document: unknown, schema: unknown): unknown {
  const wrapped = get(schema, 'allOf');
  if (Array.isArray(wrapped) && wrapped.length === 1) return resolve(document, wrapped[0]);
  const ref = get(schema, '$ref');
  if (typeof ref !== 'string') return schema;
  return get(document, ...ref.replace(/^#\//, '').split('/'));
}

/** Walks `kubectl explain`-style field paths (`spec.containers`) from a schema, through arrays. */
export function explainField(document: unknown, schema: unknown, fieldPath: string): unknown {
  let current = resolve(document, schema);
  for (const field of fieldPath.split('.')) {
    current = resolve(document, get(current, 'properties', field));
    while (isRecord(get(current, 'items'))) current = resolve(document, get(current, 'items'));
  }
  return current;
}

/** Every operation of every path, with its path and method. */
export function operations(document: unknown): { path: string; method: string; operation: unknown }[] {
  const paths = get(document, 'paths');
  if (!isRecord(paths)) return [];
  return Object.entries(paths).flatMap(([path, item]) =>
    ['get', 'put', 'post', 'delete', 'patch'].flatMap((method) => {
      const operation = get(item, method);
      return operation === undefined ? [] : [{ path, method, operation }];
    }),
  );
}

/** Names of an operation's own (inline) parameters that are passed in the query. */
export function queryParameterNames(operation: unknown): string[] {
  const parameters = get(operation, 'parameters');
  if (!Array.isArray(parameters)) return [];
  return parameters.filter((p) => get(p, 'in') === 'query').map((p) => String(get(p, 'name')));
}
