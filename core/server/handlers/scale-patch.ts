import { badRequest } from '../../api/errors.ts';
import { applyJsonPatch } from '../../api/patch/json-patch.ts';
import { applyMergePatch } from '../../api/patch/merge-patch.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { WriteContext } from '../admission/write-context.ts';
import type { PatchType } from '../body.ts';
import type { ApiContext } from './context.ts';
import { toScale, updateScale } from './subresources.ts';

/**
 * PATCH on /scale (`kubectl scale` sends a merge patch of {spec:{replicas}}):
 * the patch applies to the Scale view, then writes back spec.replicas.
 * A Scale has no lists, so a strategic merge patch is a merge patch here.
 */
export async function patchScale(
  api: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  patchType: PatchType,
  patch: unknown,
  ctx: WriteContext,
): Promise<KubeObject> {
  const scale = toScale(await api.store.get(type, namespace, name));
  let patched: unknown;
  if (patchType === 'application/json-patch+json') patched = applyJsonPatch(scale, patch);
  else if (isRecord(patch)) patched = applyMergePatch(scale, patch);
  else throw badRequest('the patch must be a JSON object');
  return updateScale(api, type, namespace, name, patched, ctx);
}
