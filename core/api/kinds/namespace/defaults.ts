import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';

/** The label every namespace carries with its own name, so selectors can pick namespaces by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** The finalizer the namespace controller removes once everything inside is gone. */
export const KUBERNETES_FINALIZER = 'kubernetes';

/**
 * SetDefaults_Namespace, SetDefaults_NamespaceStatus and the finalizer the namespace
 * strategy adds on create.
 */
export function defaultNamespace(obj: KubeObject): void {
  const meta: unknown = obj.metadata;
  if (!isRecord(meta)) return;
  const name = meta['name'];
  // A generateName-only namespace gets the label once its name exists.
  if (typeof name === 'string' && name !== '') {
    const labels = isRecord(meta['labels']) ? meta['labels'] : {};
    labels[NAMESPACE_NAME_LABEL] = name;
    meta['labels'] = labels;
  }

  const spec = obj['spec'] ?? {};
  // Only an absent list is filled: once the controller has finalized a terminating
  // namespace, its empty list must stay empty or the namespace could never go away.
  const deleting = meta['deletionTimestamp'] !== undefined && meta['deletionTimestamp'] !== null;
  if (isRecord(spec) && (spec['finalizers'] === undefined || spec['finalizers'] === null) && !deleting) {
    spec['finalizers'] = [KUBERNETES_FINALIZER];
    obj['spec'] = spec;
  }

  const status = obj['status'] ?? {};
  if (isRecord(status) && (status['phase'] === undefined || status['phase'] === null || status['phase'] === '')) {
    status['phase'] = 'Active';
    obj['status'] = status;
  }
}
