import { z } from 'zod';
import { bool, int, list, resourceList, str, strList, struct, timestamp } from '../support/json-shape.ts';

/** The JSON shape of a core/v1 Node, as far as validation reads it. */

export const taint = struct({ key: str.optional(), value: str.optional(), effect: str.optional(), timeAdded: timestamp.optional() });

const condition = struct({
  type: str.optional(),
  status: str.optional(),
  lastHeartbeatTime: timestamp.optional(),
  lastTransitionTime: timestamp.optional(),
  reason: str.optional(),
  message: str.optional(),
});

const nodeInfo = struct({
  machineID: str.optional(),
  systemUUID: str.optional(),
  bootID: str.optional(),
  kernelVersion: str.optional(),
  osImage: str.optional(),
  containerRuntimeVersion: str.optional(),
  kubeletVersion: str.optional(),
  kubeProxyVersion: str.optional(),
  operatingSystem: str.optional(),
  architecture: str.optional(),
});

export const nodeShape = struct({
  spec: struct({
    podCIDR: str.optional(),
    podCIDRs: strList.optional(),
    providerID: str.optional(),
    unschedulable: bool.optional(),
    taints: list(taint).optional(),
    // Deprecated and never read; kept loose so old objects stay readable.
    configSource: z.unknown().optional(),
    externalID: str.optional(),
  }).optional(),
  status: struct({
    capacity: resourceList.optional(),
    allocatable: resourceList.optional(),
    phase: str.optional(),
    conditions: list(condition).optional(),
    addresses: list(struct({ type: str.optional(), address: str.optional() })).optional(),
    daemonEndpoints: struct({ kubeletEndpoint: struct({ Port: int.optional() }).optional() }).optional(),
    nodeInfo: nodeInfo.optional(),
    images: list(struct({ names: strList.optional(), sizeBytes: int.optional() })).optional(),
    volumesInUse: strList.optional(),
    volumesAttached: list(struct({ name: str.optional(), devicePath: str.optional() })).optional(),
  }).optional(),
});
