import type { z } from 'zod';
import { condition, labelSelector, list, resourceList, str, strList, struct } from '../support/json-shape.ts';

/** The JSON shape of a core/v1 PersistentVolumeClaim, as far as validation reads it. */

const typedReference = struct({ apiGroup: str.optional(), kind: str.optional(), name: str.optional(), namespace: str.optional() });

export const pvcSpec = struct({
  accessModes: strList.optional(),
  selector: labelSelector.optional(),
  resources: struct({ requests: resourceList.optional(), limits: resourceList.optional() }).optional(),
  volumeName: str.optional(),
  storageClassName: str.optional(),
  volumeMode: str.optional(),
  dataSource: typedReference.optional(),
  dataSourceRef: typedReference.optional(),
  volumeAttributesClassName: str.optional(),
});

export const pvcShape = struct({
  spec: pvcSpec.optional(),
  status: struct({
    phase: str.optional(),
    accessModes: strList.optional(),
    capacity: resourceList.optional(),
    allocatedResources: resourceList.optional(),
    conditions: list(condition).optional(),
  }).optional(),
});

export type PVCSpec = z.infer<typeof pvcSpec>;
export type TypedReference = z.infer<typeof typedReference>;
