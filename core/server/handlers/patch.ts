import { ApiError, badRequest } from '../../api/errors.ts';
import { applyJsonPatch } from '../../api/patch/json-patch.ts';
import { applyMergePatch } from '../../api/patch/merge-patch.ts';
import { serverSideApply } from '../../api/patch/server-side-apply.ts';
import { applyStrategicMergePatch } from '../../api/patch/strategic-merge-patch.ts';
import { apiVersionOf, kindKeyOf, type ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import type { WriteContext } from '../admission/write-context.ts';
import type { PatchType } from '../body.ts';
import { decodeObject } from '../admission/decode-object.ts';
import type { ApiContext } from './context.ts';

export interface PatchTarget {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
  subresource: string | undefined;
}

/** Applies one of the four patch types to the stored object, then runs the update admission on the result. */
export async function patchObject(
  api: ApiContext,
  target: PatchTarget,
  patchType: PatchType,
  patch: unknown,
  ctx: WriteContext,
): Promise<{ object: KubeObject; created: boolean }> {
  const { type, namespace, name } = target;
  if (patchType === 'application/apply-patch+yaml') return apply(api, target, patch, ctx);
  const object = await api.store.guaranteedUpdate(
    type,
    namespace,
    name,
    (current) => {
      const patched = applyPatch(type, current, patchType, patch);
      if (!isRecord(patched)) throw badRequest('the patch produced something that is not an object');
      const obj = decodeObject(patched, type, { namespace, name });
      return api.pipeline.prepareUpdate(type, obj, current, ctx, target.subresource);
    },
    { dryRun: ctx.dryRun },
  );
  return { object, created: false };
}

function applyPatch(type: ResourceType, current: KubeObject, patchType: PatchType, patch: unknown): unknown {
  switch (patchType) {
    case 'application/json-patch+json':
      return applyJsonPatch(current, patch);
    case 'application/merge-patch+json':
      if (!isRecord(patch)) throw badRequest('a merge patch must be a JSON object');
      return applyMergePatch(current, patch);
    case 'application/strategic-merge-patch+json':
      if (!isRecord(patch)) throw badRequest('a strategic merge patch must be a JSON object');
      return applyStrategicMergePatch(current, patch, kindKeyOf(type));
    default:
      throw new ApiError('UnsupportedMediaType', `the patch type ${patchType} is not supported`);
  }
}

/** Server-side apply: creates the object when it is missing, else merges it by field ownership. */
async function apply(api: ApiContext, target: PatchTarget, body: unknown, ctx: WriteContext): Promise<{ object: KubeObject; created: boolean }> {
  const { type, namespace, name } = target;
  if (!ctx.explicitManager) throw badRequest('PATCH /apply requires fieldManager to be set: add ?fieldManager=NAME');
  const applied = decodeObject(body, type, { namespace, name });
  const options = { manager: ctx.manager, force: ctx.force, kindKey: kindKeyOf(type), apiVersion: apiVersionOf(type), now: rfc3339(ctx.now) };
  try {
    const object = await api.store.guaranteedUpdate(
      type,
      namespace,
      name,
      (current) => {
        const merged = serverSideApply(current, applied, options).object;
        const prepared = api.pipeline.prepareUpdate(type, { ...merged, metadata: { ...merged.metadata, resourceVersion: undefined } }, current, ctx, target.subresource);
        // prepareUpdate recorded an Update entry; the apply entry from serverSideApply is the one that counts.
        prepared.metadata.managedFields = merged.metadata.managedFields;
        return prepared;
      },
      { dryRun: ctx.dryRun },
    );
    return { object, created: false };
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'NotFound') || target.subresource !== undefined) throw error;
  }
  const created = serverSideApply(undefined, applied, options).object;
  return { object: await api.pipeline.create(type, created, ctx, { ownershipRecorded: true }), created: true };
}
