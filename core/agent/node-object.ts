/**
 * The Node an agent registers and keeps: labels kubelet sets, capacity and
 * allocatable (the host's, or the agent config's), addresses, the endpoint
 * of its log/exec server, nodeInfo and the four conditions.
 */
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { HostFacts } from './host-facts.ts';
import { rfc3339 } from './pod-status.ts';
import { cloneJson } from '../api/types/clone-json.ts';

export const KUBELET_VERSION = 'v1.32.0-kubernel';

export interface NodeShape {
  name: string;
  facts: HostFacts;
  /** overrides of the host's capacity, as Kubernetes quantities */
  capacity: { cpu?: string; memory?: string; pods?: number; 'ephemeral-storage'?: string };
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  internalIP: string;
  serverPort: number;
  runtimeVersion: string;
  providerID?: string;
}

const DEFAULT_MAX_PODS = 110;

export function nodeResources(shape: NodeShape): Record<string, string> {
  return {
    cpu: shape.capacity.cpu ?? String(shape.facts.cpuCores),
    'ephemeral-storage': shape.capacity['ephemeral-storage'] ?? String(shape.facts.ephemeralStorageBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: shape.capacity.memory ?? String(shape.facts.memoryBytes),
    pods: String(shape.capacity.pods ?? DEFAULT_MAX_PODS),
  };
}

export function nodeLabels(shape: NodeShape): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': shape.facts.architecture,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': shape.facts.architecture,
    'kubernetes.io/os': 'linux',
    ...shape.labels,
    'kubernetes.io/hostname': shape.name,
  };
}

const READY_CONDITIONS = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
] as const;

/**
 * The four conditions of a healthy node as kubelet posts them; each keeps the
 * lastTransitionTime of `previous` (the stored status) while its status stays.
 */
export function readyNodeConditions(now: Date, previous: unknown): Record<string, unknown>[] {
  const stamp = rfc3339(now);
  const before = new Map<string, Record<string, unknown>>();
  if (isRecord(previous) && Array.isArray(previous['conditions'])) {
    for (const c of previous['conditions']) if (isRecord(c) && typeof c['type'] === 'string') before.set(c['type'], c);
  }
  return READY_CONDITIONS.map((c) => {
    const old = before.get(c.type);
    const transition = old !== undefined && old['status'] === c.status && typeof old['lastTransitionTime'] === 'string' ? old['lastTransitionTime'] : stamp;
    return { ...c, lastHeartbeatTime: stamp, lastTransitionTime: transition };
  });
}

/** The status kubelet posts; conditions keep their lastTransitionTime while their status stays. */
export function nodeStatus(shape: NodeShape, now: Date, previous: unknown): Record<string, unknown> {
  const resources = nodeResources(shape);
  return {
    capacity: resources,
    allocatable: { ...resources },
    conditions: readyNodeConditions(now, previous),
    addresses: [
      { type: 'InternalIP', address: shape.internalIP },
      { type: 'Hostname', address: shape.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: shape.serverPort } },
    nodeInfo: {
      machineID: shape.facts.machineID,
      systemUUID: shape.facts.systemUUID,
      bootID: shape.facts.bootID,
      kernelVersion: shape.facts.kernelVersion,
      osImage: shape.facts.osImage,
      containerRuntimeVersion: shape.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: shape.facts.architecture,
    },
  };
}

/** The Node kubelet creates on registration, status included. */
export function buildNode(shape: NodeShape, now: Date): KubeObject {
  const spec: Record<string, unknown> = {};
  if (shape.providerID !== undefined) spec['providerID'] = shape.providerID;
  if (shape.taints.length > 0) spec['taints'] = cloneJson(shape.taints);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: shape.name,
      labels: nodeLabels(shape),
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec,
    status: nodeStatus(shape, now, undefined),
  };
}
