import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { KUBERNETES_FINALIZER } from './defaults.ts';

/**
 * The namespace strategy's PrepareForCreate: a new namespace always carries the
 * "kubernetes" finalizer, appended to any the client listed, so its contents are cleaned
 * up before it disappears. (Defaults only fill an absent list; this runs on create only,
 * because the finalizer is later removed on purpose.)
 */
export function prepareNamespaceForCreate(obj: KubeObject): void {
  const spec = obj['spec'] ?? {};
  if (!isRecord(spec)) return;
  const finalizers = spec['finalizers'] ?? [];
  if (!Array.isArray(finalizers)) return;
  if (!finalizers.includes(KUBERNETES_FINALIZER)) finalizers.push(KUBERNETES_FINALIZER);
  spec['finalizers'] = finalizers;
  obj['spec'] = spec;
}
