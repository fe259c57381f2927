import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { cloneJson } from '../../types/clone-json.ts';

/**
 * The namespace strategy's PrepareForUpdate: a plain update (PUT, patch, apply)
 * keeps the stored spec.finalizers, which only the `finalize` subresource
 * changes; status is kept by the update path already.
 */
export function prepareNamespaceForUpdate(obj: KubeObject, old: KubeObject): void {
  const oldSpec = isRecord(old['spec']) ? old['spec'] : {};
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  if (oldSpec['finalizers'] === undefined) delete spec['finalizers'];
  else spec['finalizers'] = cloneJson(oldSpec['finalizers']);
  obj['spec'] = spec;
}
