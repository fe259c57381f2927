import { createHash } from 'node:crypto';
import { readyNodeConditions, type KubeObject, cloneJson } from '../../core/index.ts';
import type { NodeAddressing } from './addresses.ts';
import type { PoolSettings } from './options.ts';

/** What `kubectl get nodes` shows in VERSION for a simulated node. */
export const SIMULATED_KUBELET_VERSION = 'v1.32.0-kubernel';
export const PROVIDER_ID_PREFIX = 'simulated://';

export function providerIdOf(nodeName: string): string {
  return `${PROVIDER_ID_PREFIX}${nodeName}`;
}

export function nodeNameOfProviderId(providerId: string): string | undefined {
  return providerId.startsWith(PROVIDER_ID_PREFIX) && providerId.length > PROVIDER_ID_PREFIX.length ? providerId.slice(PROVIDER_ID_PREFIX.length) : undefined;
}

/** metav1.Time: seconds, as Kubernetes serialises it */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface NodeShape {
  name: string;
  settings: PoolSettings;
  addressing: NodeAddressing;
  zone: string;
  /** the claim's labels (pool and provider among them) */
  claimLabels: Record<string, string>;
}

/** The labels kubelet sets on registration, then the claim's and the pool's (these win). */
export function nodeLabels(shape: NodeShape): Record<string, string> {
  const arch = shape.settings.instanceType.arch;
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': shape.settings.instanceType.name,
    'topology.kubernetes.io/zone': shape.zone,
    ...shape.claimLabels,
    ...shape.settings.options.labels,
    'kubernetes.io/hostname': shape.name,
  };
}

/** The Node a simulated kubelet registers: spec and a Ready status in one object, as kubelet's first create. */
export function buildNode(shape: NodeShape, now: Date): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: shape.name,
      labels: nodeLabels(shape),
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      podCIDR: shape.addressing.podCidr,
      podCIDRs: [shape.addressing.podCidr],
      providerID: providerIdOf(shape.name),
      ...(shape.settings.taints.length === 0 ? {} : { taints: cloneJson(shape.settings.taints) }),
    },
    status: nodeStatus(shape, now, undefined),
  };
}

/**
 * A healthy node's status. `previous` (the stored status of a node taken over
 * after a restart) keeps each condition's lastTransitionTime when its status
 * did not change, as kubelet does.
 */
export function nodeStatus(shape: NodeShape, now: Date, previous: unknown): Record<string, unknown> {
  const { capacity } = shape.settings.options;
  const resources = {
    cpu: capacity.cpu,
    'ephemeral-storage': capacity['ephemeral-storage'],
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: capacity.memory,
    pods: String(capacity.pods),
  };
  const id = stableId(shape.name);
  return {
    capacity: resources,
    allocatable: { ...resources },
    conditions: readyNodeConditions(now, previous),
    addresses: [
      { type: 'InternalIP', address: shape.addressing.internalIp },
      { type: 'Hostname', address: shape.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id,
      systemUUID: uuidOf(id),
      bootID: uuidOf(stableId(`${shape.name}/boot`)),
      kernelVersion: '6.8.0-kubernel-simulated',
      osImage: 'Kubernel simulated node',
      containerRuntimeVersion: 'simulated://1.0.0',
      kubeletVersion: SIMULATED_KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: shape.settings.instanceType.arch,
    },
  };
}

/** 32 hex digits that stay the same for a name, so a node keeps its machine id across restarts. */
function stableId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
