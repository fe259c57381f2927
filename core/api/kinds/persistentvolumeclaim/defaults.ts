import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';

/** SetDefaults_PersistentVolumeClaim(Spec): a new claim is Pending and asks for a filesystem. */
export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  const spec = obj['spec'] ?? {};
  if (isRecord(spec)) {
    if (spec['volumeMode'] === undefined || spec['volumeMode'] === null) spec['volumeMode'] = 'Filesystem';
    obj['spec'] = spec;
  }
  const status = obj['status'] ?? {};
  if (isRecord(status)) {
    if (status['phase'] === undefined || status['phase'] === null || status['phase'] === '') status['phase'] = 'Pending';
    obj['status'] = status;
  }
}
