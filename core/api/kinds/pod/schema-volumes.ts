import { z } from 'zod';
import { objectFieldSelector, resourceFieldSelector } from './schema-containers.ts';
import { bool, int, quantity, str } from './schema-primitives.ts';

/**
 * The JSON shape of core/v1 Volume. Sources that validation inspects are spelled
 * out; the legacy in-tree ones only need to be recognised as "a source is set".
 */

const keyToPath = z.object({ key: str.optional(), path: str.optional(), mode: int.optional() });

const downwardAPIVolumeFile = z.object({
  path: str.optional(),
  fieldRef: objectFieldSelector.optional(),
  resourceFieldRef: resourceFieldSelector.optional(),
  mode: int.optional(),
});

const projectedSource = z.object({
  secret: z.object({ name: str.optional(), items: z.array(keyToPath).optional(), optional: bool.optional() }).optional(),
  configMap: z.object({ name: str.optional(), items: z.array(keyToPath).optional(), optional: bool.optional() }).optional(),
  downwardAPI: z.object({ items: z.array(downwardAPIVolumeFile).optional() }).optional(),
  serviceAccountToken: z
    .object({ audience: str.optional(), expirationSeconds: int.optional(), path: str.optional() })
    .optional(),
  clusterTrustBundle: z
    .object({ name: str.optional(), signerName: str.optional(), path: str.optional(), optional: bool.optional() })
    .optional(),
});

const anyObject = z.record(z.string(), z.unknown());

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

export const volume = z.object({
  name: str.optional(),
  emptyDir: z.object({ medium: str.optional(), sizeLimit: quantity.optional() }).optional(),
  hostPath: z.object({ path: str.optional(), type: str.optional() }).optional(),
  secret: z
    .object({
      secretName: str.optional(),
      items: z.array(keyToPath).optional(),
      defaultMode: int.optional(),
      optional: bool.optional(),
    })
    .optional(),
  configMap: z
    .object({
      name: str.optional(),
      items: z.array(keyToPath).optional(),
      defaultMode: int.optional(),
      optional: bool.optional(),
    })
    .optional(),
  persistentVolumeClaim: z.object({ claimName: str.optional(), readOnly: bool.optional() }).optional(),
  downwardAPI: z.object({ items: z.array(downwardAPIVolumeFile).optional(), defaultMode: int.optional() }).optional(),
  projected: z.object({ sources: z.array(projectedSource).optional(), defaultMode: int.optional() }).optional(),
  nfs: z.object({ server: str.optional(), path: str.optional(), readOnly: bool.optional() }).optional(),
  csi: z
    .object({
      driver: str.optional(),
      readOnly: bool.optional(),
      fsType: str.optional(),
      nodePublishSecretRef: z.object({ name: str.optional() }).optional(),
    })
    .optional(),
  ephemeral: z.object({ volumeClaimTemplate: anyObject.optional() }).optional(),
  image: z.object({ reference: str.optional(), pullPolicy: str.optional() }).optional(),
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
