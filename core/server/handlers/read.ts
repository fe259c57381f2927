import type { ResourceType } from '../../api/resource-type.ts';
import { apiVersionOf } from '../../api/resource-type.ts';
import { parseFieldSelector } from '../../api/selectors/field-selector.ts';
import { parseLabelSelector } from '../../api/selectors/label-selector.ts';
import { buildTable } from '../../api/table/build.ts';
import { badRequest, type ApiError } from '../../api/errors.ts';
import type { KubeList, KubeObject } from '../../api/types/meta.ts';
import type { ObjectFilter } from '../../store/object-filter.ts';
import { fieldValue } from '../../store/object-filter.ts';
import { includeObjectPolicy, type Representation } from '../negotiate.ts';
import { intParam, param, type Query } from '../query.ts';
import type { ApiContext } from './context.ts';
import { storedPrefixOf } from './stored-prefix.ts';

/** Label and field selectors of a list or watch; unsupported fields are a 400, as in Kubernetes. */
export function selectorsFrom(type: ResourceType, query: Query): ObjectFilter {
  const filter: ObjectFilter = {};
  const labels = param(query, 'labelSelector');
  if (labels !== undefined && labels !== '') filter.labelSelector = parseLabelSelector(labels);
  const fields = param(query, 'fieldSelector');
  if (fields !== undefined && fields !== '') {
    const requirements = parseFieldSelector(fields);
    const probe: KubeObject = { metadata: {} };
    for (const r of requirements) {
      if (fieldValue(type, probe, r.field) === undefined) throw unknownFieldSelector(type, r.field);
    }
    filter.fieldSelector = requirements;
  }
  return filter;
}

/**
 * The error of kube-apiserver's field label conversion: a kind with its own
 * selectable fields has a conversion function that says "field label not
 * supported"; any other kind uses DefaultMetaV1FieldSelectorConversion.
 */
function unknownFieldSelector(type: ResourceType, field: string): ApiError {
  if (Object.keys(type.selectableFields).length > 0) return badRequest(`field label not supported: ${field}`);
  return badRequest(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
}

/** A plain GET's answer as JSON text: the stored text with its version put in, without parsing it when it is in the kind's own shape. */
export function getObjectJson(api: ApiContext, type: ResourceType, namespace: string | undefined, name: string): Promise<string> {
  return api.store.getJson(type, namespace, name, storedPrefixOf(type), (obj) => JSON.stringify(withTypeMeta(type, obj)));
}

export async function getObject(api: ApiContext, type: ResourceType, namespace: string | undefined, name: string, as: Representation, query: Query): Promise<unknown> {
  const obj = await api.store.get(type, namespace, name);
  if (as === 'table') return buildTable(type.table, [obj], api.now(), { includeObject: includeObjectPolicy(query) });
  if (as === 'partial-metadata') return partialMetadata(obj);
  return withTypeMeta(type, obj);
}

export async function listObjects(api: ApiContext, type: ResourceType, namespace: string | undefined, as: Representation, query: Query): Promise<unknown> {
  const limit = intParam(query, 'limit');
  if (limit !== undefined && limit < 0) throw badRequest(`limit: Invalid value: ${limit}: must be greater than or equal to 0`);
  const cont = param(query, 'continue');
  const list: KubeList = await api.store.list(type, namespace, {
    ...selectorsFrom(type, query),
    ...(limit === undefined ? {} : { limit }),
    ...(cont === undefined || cont === '' ? {} : { continue: cont }),
  });
  if (as === 'table') {
    return buildTable(type.table, list.items, api.now(), {
      includeObject: includeObjectPolicy(query),
      ...(list.metadata.resourceVersion === undefined ? {} : { resourceVersion: list.metadata.resourceVersion }),
      ...(list.metadata.continue === undefined ? {} : { continue: list.metadata.continue }),
      ...(list.metadata.remainingItemCount === undefined ? {} : { remainingItemCount: list.metadata.remainingItemCount }),
    });
  }
  if (as === 'partial-metadata') {
    return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: list.metadata, items: list.items.map(partialMetadata) };
  }
  return { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: list.metadata, items: list.items.map((o) => withTypeMeta(type, o)) };
}

export function withTypeMeta(type: ResourceType, obj: KubeObject): KubeObject {
  if (obj.apiVersion === apiVersionOf(type) && obj.kind === type.kind) return obj;
  return { ...obj, apiVersion: apiVersionOf(type), kind: type.kind };
}

function partialMetadata(obj: KubeObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}
