import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';

/**
 * SetDefaults_PersistentVolume and the defaults of the volume sources it may carry:
 * a new volume is Pending, retained when released, and a filesystem unless it says Block.
 */
export function defaultPersistentVolume(obj: KubeObject): void {
  const spec = obj['spec'] ?? {};
  if (isRecord(spec)) {
    setIfUnset(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setIfUnset(spec, 'volumeMode', 'Filesystem');
    defaultSources(spec);
    obj['spec'] = spec;
  }
  const status = obj['status'] ?? {};
  if (isRecord(status)) {
    setIfUnset(status, 'phase', 'Pending');
    obj['status'] = status;
  }
}

/** Per-plugin defaults, as SetDefaults_<Plugin>VolumeSource fill them. */
const SOURCE_DEFAULTS: Record<string, Record<string, unknown>> = {
  // HostPathUnset is "": the pointer is set, so `type: ""` shows in every hostPath volume.
  hostPath: { type: '' },
  iscsi: { iscsiInterface: 'default' },
  rbd: { pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' },
  azureDisk: { cachingMode: 'ReadWrite', fsType: 'ext4', readOnly: false, kind: 'Shared' },
  scaleIO: { storageMode: 'ThinProvisioned', fsType: 'xfs' },
};

function defaultSources(spec: Record<string, unknown>): void {
  for (const [source, defaults] of Object.entries(SOURCE_DEFAULTS)) {
    const volume = spec[source];
    if (!isRecord(volume)) continue;
    for (const [field, value] of Object.entries(defaults)) {
      // Only hostPath's type may legitimately stay "", so "" counts as unset for the others.
      const current = volume[field];
      if (current === undefined || current === null || (current === '' && source !== 'hostPath')) volume[field] = value;
    }
  }
}

function setIfUnset(target: Record<string, unknown>, field: string, value: unknown): void {
  const current = target[field];
  if (current === undefined || current === null || current === '') target[field] = value;
}
