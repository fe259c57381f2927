import { ApiError, badRequest, invalid } from '../../api/errors.ts';
import { validateFinalizerName } from '../../api/kinds/namespace/validation.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { decodeObject } from '../admission/decode-object.ts';
import type { WriteContext } from '../admission/write-context.ts';
import type { ApiContext } from './context.ts';

/**
 * What kube-apiserver's namespace storage does beyond the generic store
 * (pkg/registry/core/namespace/storage): a delete marks the namespace
 * Terminating and keeps it while spec.finalizers is not empty (the store's
 * hasPendingFinalizers), and the `finalize` subresource is the only way to
 * change spec.finalizers.
 */

export function isNamespaceType(type: ResourceType): boolean {
  return type.group === '' && type.kind === 'Namespace';
}

/**
 * The change the first delete makes besides deletionTimestamp: phase
 * Terminating, and, when the request names a propagation policy, only the
 * garbage-collector finalizer of that policy (shouldHaveOrphanFinalizer,
 * shouldHaveDeleteDependentsFinalizer).
 */
export function markNamespaceTerminating(policy: 'Orphan' | 'Background' | 'Foreground' | undefined, garbageCollection: boolean): (ns: KubeObject) => void {
  return (ns) => {
    const status = isRecord(ns['status']) ? ns['status'] : {};
    ns['status'] = { ...status, phase: 'Terminating' };
    if (policy === undefined || !garbageCollection) return;
    const kept = (ns.metadata.finalizers ?? []).filter(
      (f) => (f !== 'orphan' || policy === 'Orphan') && (f !== 'foregroundDeletion' || policy === 'Foreground'),
    );
    if (kept.length > 0) ns.metadata.finalizers = kept;
    else delete ns.metadata.finalizers;
  };
}

/**
 * PUT namespaces/NAME/finalize (FinalizeREST with namespaceFinalizeStrategy):
 * an update whose spec.finalizers is taken from the request, status kept. The
 * namespace controller removes "kubernetes" through it; once a terminating
 * namespace has no finalizers left, the store deletes it.
 */
export async function finalizeNamespace(api: ApiContext, type: ResourceType, name: string, body: unknown, ctx: WriteContext): Promise<KubeObject> {
  if (!isNamespaceType(type)) throw new ApiError('NotFound', 'the server could not find the requested resource');
  const input = decodeObject(body, type, { namespace: undefined, name });
  const requested = requestedFinalizers(input);
  const errors = requested.flatMap((finalizer, i) => validateFinalizerName(finalizer, `spec.finalizers[${i}]`));
  if (errors.length > 0) throw invalid(type.kind, type.group, name, errors);
  return api.store.guaranteedUpdate(
    type,
    undefined,
    name,
    (current) => {
      // The usual update path (preconditions, metadata rules, managedFields) keeps the stored finalizers; this one replaces them.
      const prepared = api.pipeline.prepareUpdate(type, input, current, ctx, 'finalize', 'body');
      const spec = isRecord(prepared['spec']) ? prepared['spec'] : {};
      return { ...prepared, spec: { ...spec, finalizers: requested } };
    },
    { dryRun: ctx.dryRun },
  );
}

function requestedFinalizers(ns: KubeObject): string[] {
  const spec = ns['spec'];
  if (spec === undefined || spec === null) return [];
  const finalizers = isRecord(spec) ? spec['finalizers'] : undefined;
  if (finalizers === undefined || finalizers === null) return [];
  if (!Array.isArray(finalizers) || !finalizers.every((f): f is string => typeof f === 'string')) {
    throw badRequest('Namespace in version "v1" cannot be handled as a Namespace: spec.finalizers must be a list of strings');
  }
  return finalizers;
}
