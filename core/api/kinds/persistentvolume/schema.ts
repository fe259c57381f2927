import { z } from 'zod';
import {
  anyObject,
  bool,
  int,
  list,
  nodeSelectorTerm,
  objectReference,
  resourceList,
  str,
  strList,
  strMap,
  struct,
  timestamp,
} from '../support/json-shape.ts';

/** The JSON shape of a core/v1 PersistentVolume, as far as validation reads it. */

const secretReference = struct({ name: str.optional(), namespace: str.optional() });


/** Every volume source, in the order ValidatePersistentVolumeSpec counts them. */
export const PV_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
] as const;

export type PVSource = (typeof PV_SOURCES)[number];

export const pvSpec = struct({
  capacity: resourceList.optional(),
  accessModes: strList.optional(),
  claimRef: objectReference.optional(),
  persistentVolumeReclaimPolicy: str.optional(),
  storageClassName: str.optional(),
  mountOptions: strList.optional(),
  volumeMode: str.optional(),
  volumeAttributesClassName: str.optional(),
  nodeAffinity: struct({ required: struct({ nodeSelectorTerms: list(nodeSelectorTerm).optional() }).optional() }).optional(),

  hostPath: struct({ path: str.optional(), type: str.optional() }).optional(),
  nfs: struct({ server: str.optional(), path: str.optional(), readOnly: bool.optional() }).optional(),
  local: struct({ path: str.optional(), fsType: str.optional() }).optional(),
  csi: struct({
    driver: str.optional(),
    volumeHandle: str.optional(),
    readOnly: bool.optional(),
    fsType: str.optional(),
    volumeAttributes: strMap.optional(),
    controllerPublishSecretRef: secretReference.optional(),
    nodeStageSecretRef: secretReference.optional(),
    nodePublishSecretRef: secretReference.optional(),
    controllerExpandSecretRef: secretReference.optional(),
    nodeExpandSecretRef: secretReference.optional(),
  }).optional(),
  iscsi: struct({ targetPortal: str.optional(), iqn: str.optional(), lun: int.optional() }).catchall(z.unknown()).optional(),
  gcePersistentDisk: anyObject.optional(),
  awsElasticBlockStore: anyObject.optional(),
  glusterfs: anyObject.optional(),
  flocker: anyObject.optional(),
  rbd: anyObject.optional(),
  quobyte: anyObject.optional(),
  cephfs: anyObject.optional(),
  cinder: anyObject.optional(),
  fc: anyObject.optional(),
  flexVolume: anyObject.optional(),
  azureFile: anyObject.optional(),
  vsphereVolume: anyObject.optional(),
  photonPersistentDisk: anyObject.optional(),
  portworxVolume: anyObject.optional(),
  azureDisk: anyObject.optional(),
  scaleIO: anyObject.optional(),
  storageos: anyObject.optional(),
});

export const pvShape = struct({
  spec: pvSpec.optional(),
  status: struct({
    phase: str.optional(),
    message: str.optional(),
    reason: str.optional(),
    lastPhaseTransitionTime: timestamp.optional(),
  }).optional(),
});

export type PVSpec = z.infer<typeof pvSpec>;
