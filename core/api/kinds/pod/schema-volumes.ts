import type { z } from 'zod';
import { anyObject, bool, int, list, quantity, str, struct } from '../support/json-shape.ts';
import { objectFieldSelector, resourceFieldSelector } from './schema-containers.ts';

/**
 * The JSON shape of core/v1 Volume. Sources that validation inspects are spelled
 * out; the legacy in-tree ones only need to be recognised as "a source is set".
 */

const keyToPath = struct({ key: str.optional(), path: str.optional(), mode: int.optional() });

const downwardAPIVolumeFile = struct({
  path: str.optional(),
  fieldRef: objectFieldSelector.optional(),
  resourceFieldRef: resourceFieldSelector.optional(),
  mode: int.optional(),
});

const projectedSource = struct({
  secret: struct({ name: str.optional(), items: list(keyToPath).optional(), optional: bool.optional() }).optional(),
  configMap: struct({ name: str.optional(), items: list(keyToPath).optional(), optional: bool.optional() }).optional(),
  downwardAPI: struct({ items: list(downwardAPIVolumeFile).optional() }).optional(),
  serviceAccountToken: struct({ audience: str.optional(), expirationSeconds: int.optional(), path: str.optional() }).optional(),
  clusterTrustBundle: struct({ name: str.optional(), signerName: str.optional(), path: str.optional(), optional: bool.optional() })
    .optional(),
});

/** Volume sources in the order Kubernetes checks them (validateVolumeSource). */
export const VOLUME_SOURCE_FIELDS = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
] as const;

export const volume = struct({
  name: str.optional(),
  emptyDir: struct({ medium: str.optional(), sizeLimit: quantity.optional() }).optional(),
  hostPath: struct({ path: str.optional(), type: str.optional() }).optional(),
  secret: struct({
    secretName: str.optional(),
    items: list(keyToPath).optional(),
    defaultMode: int.optional(),
    optional: bool.optional(),
  }).optional(),
  configMap: struct({
    name: str.optional(),
    items: list(keyToPath).optional(),
    defaultMode: int.optional(),
    optional: bool.optional(),
  }).optional(),
  persistentVolumeClaim: struct({ claimName: str.optional(), readOnly: bool.optional() }).optional(),
  downwardAPI: struct({ items: list(downwardAPIVolumeFile).optional(), defaultMode: int.optional() }).optional(),
  projected: struct({ sources: list(projectedSource).optional(), defaultMode: int.optional() }).optional(),
  nfs: struct({ server: str.optional(), path: str.optional(), readOnly: bool.optional() }).optional(),
  csi: struct({
    driver: str.optional(),
    readOnly: bool.optional(),
    fsType: str.optional(),
    nodePublishSecretRef: struct({ name: str.optional() }).optional(),
  }).optional(),
  ephemeral: struct({ volumeClaimTemplate: anyObject.optional() }).optional(),
  image: struct({ reference: str.optional(), pullPolicy: str.optional() }).optional(),
  gitRepo: anyObject.optional(),
  gcePersistentDisk: anyObject.optional(),
  awsElasticBlockStore: anyObject.optional(),
  iscsi: anyObject.optional(),
  glusterfs: anyObject.optional(),
  flocker: anyObject.optional(),
  rbd: anyObject.optional(),
  cinder: anyObject.optional(),
  cephfs: anyObject.optional(),
  quobyte: anyObject.optional(),
  fc: anyObject.optional(),
  flexVolume: anyObject.optional(),
  azureFile: anyObject.optional(),
  vsphereVolume: anyObject.optional(),
  photonPersistentDisk: anyObject.optional(),
  portworxVolume: anyObject.optional(),
  azureDisk: anyObject.optional(),
  storageos: anyObject.optional(),
  scaleIO: anyObject.optional(),
});

export type Volume = z.infer<typeof volume>;
export type KeyToPath = z.infer<typeof keyToPath>;
export type DownwardAPIVolumeFile = z.infer<typeof downwardAPIVolumeFile>;
export type ProjectedSource = z.infer<typeof projectedSource>;
