import { settleConcurrently } from '../../api/concurrency.ts';
import { badRequest } from '../../api/errors.ts';
import { apiVersionOf, type ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject, type Status } from '../../api/types/meta.ts';
import type { DeletePreconditions } from '../../store/object-store.ts';
import { isDryRun, intParam, param, type Query } from '../query.ts';
import { beforeDelete } from './before-delete.ts';
import type { ApiContext } from './context.ts';
import { isNamespaceType, markNamespaceTerminating } from './namespace-lifecycle.ts';
import { selectorsFrom, withTypeMeta } from './read.ts';

type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

interface DeleteOptions {
  propagationPolicy: PropagationPolicy | undefined;
  preconditions: DeletePreconditions | undefined;
  gracePeriodSeconds: number | undefined;
  /** the deprecated orphanDependents: false, the one request a delete that is not done yet answers 202 */
  cascadeRequested: boolean;
  dryRun: boolean;
}

/** DeleteOptions from the body (kubectl) or the query string (curl), as kube-apiserver reads both. */
export function deleteOptions(body: unknown, query: Query): DeleteOptions {
  const options: DeleteOptions = {
    propagationPolicy: undefined,
    preconditions: undefined,
    gracePeriodSeconds: intParam(query, 'gracePeriodSeconds'),
    cascadeRequested: false,
    dryRun: isDryRun(query),
  };
  const policy = param(query, 'propagationPolicy') ?? (isRecord(body) ? body['propagationPolicy'] : undefined);
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw badRequest(`propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`);
    }
    options.propagationPolicy = policy;
  }
  if (isRecord(body)) {
    const grace = body['gracePeriodSeconds'];
    if (typeof grace === 'number') options.gracePeriodSeconds = grace;
    const orphan = body['orphanDependents'];
    if (orphan === true && options.propagationPolicy === undefined) options.propagationPolicy = 'Orphan';
    options.cascadeRequested = orphan === false;
    const pre = body['preconditions'];
    if (isRecord(pre)) {
      options.preconditions = {};
      if (typeof pre['uid'] === 'string') options.preconditions.uid = pre['uid'];
      if (typeof pre['resourceVersion'] === 'string') options.preconditions.resourceVersion = pre['resourceVersion'];
    }
    const dryRun = body['dryRun'];
    if (Array.isArray(dryRun) && dryRun.includes('All')) options.dryRun = true;
  }
  // A negative gracePeriodSeconds is no error: BeforeDelete takes it as 1 s.
  return options;
}

/** The finalizer the garbage collector acts on for a propagation policy (none for Background). */
const POLICY_FINALIZER: Record<PropagationPolicy, string | undefined> = {
  Orphan: 'orphan',
  Foreground: 'foregroundDeletion',
  Background: undefined,
};

export async function deleteObject(
  api: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
): Promise<{ status: number; body: KubeObject | Status }> {
  const finalizer = options.propagationPolicy === undefined || !api.garbageCollection ? undefined : POLICY_FINALIZER[options.propagationPolicy];
  if (finalizer !== undefined && !options.dryRun) {
    // Dependents are handled by the garbage collector once it sees this finalizer.
    await api.store.guaranteedUpdate(type, namespace, name, (current) => {
      if (current.metadata.deletionTimestamp !== undefined || (current.metadata.finalizers ?? []).includes(finalizer)) return current;
      return { ...current, metadata: { ...current.metadata, finalizers: [...(current.metadata.finalizers ?? []), finalizer] } };
    });
  }
  const result = await api.store.delete(type, namespace, name, {
    dryRun: options.dryRun,
    ...(options.preconditions === undefined ? {} : { preconditions: options.preconditions }),
    ...(isNamespaceType(type) ? { mark: markNamespaceTerminating(options.propagationPolicy, api.garbageCollection) } : {}),
    beforeDelete: beforeDelete(type, options.gracePeriodSeconds, () => api.now()),
  });
  const object = withTypeMeta(type, result.object);
  // A pod deleted gracefully, or an object finalizers hold, is still there: 200 with it, as kube-apiserver answers.
  if (!result.deleted) return { status: options.cascadeRequested ? 202 : 200, body: object };
  // These registries set ReturnDeletedObject: the client gets the object, not a Status.
  if (type.kind === 'Pod' || isNamespaceType(type)) return { status: 200, body: object };
  return { status: 200, body: successStatus(type, object) };
}

/**
 * How many items of a collection are deleted at once (kube-apiserver's
 * --delete-collection-workers). One at a time, each item waited out its
 * store round trips in turn: 10,000 pods took seconds longer than the
 * deletes cost.
 */
const DELETE_COLLECTION_WORKERS = 16;

export async function deleteCollection(api: ApiContext, type: ResourceType, namespace: string | undefined, query: Query, body: unknown): Promise<unknown> {
  const options = deleteOptions(body, query);
  const list = await api.store.list(type, namespace, selectorsFrom(type, query));
  const outcomes = await settleConcurrently(list.items, DELETE_COLLECTION_WORKERS, (item) =>
    deleteObject(api, type, item.metadata.namespace, item.metadata.name ?? '', options),
  );
  const deleted: KubeObject[] = [];
  outcomes.forEach((outcome, i) => {
    const item = list.items[i];
    if (outcome.status === 'fulfilled') {
      if (item !== undefined) deleted.push(withTypeMeta(type, item));
      return;
    }
    // An item deleted meanwhile is fine: the collection is gone either way.
    const error: unknown = outcome.reason;
    if (!(error instanceof Error && 'code' in error && error.code === 'NotFound')) throw error;
  });
  return { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: list.metadata.resourceVersion }, items: deleted };
}

function successStatus(type: ResourceType, object: KubeObject): Status {
  const details: Status['details'] = { name: object.metadata.name ?? '', kind: type.plural };
  if (type.group !== '') details.group = type.group;
  if (object.metadata.uid !== undefined) details.uid = object.metadata.uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}
