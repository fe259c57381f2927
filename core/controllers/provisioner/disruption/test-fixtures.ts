/** Builders of the objects the disruption tests feed in: pools, claims, nodes, pods, PDBs. */
import { NODE_POOL_API_VERSION, WellKnownLabels, type Condition, type NodeClaimObject, type NodePoolObject, type NodePoolSpec } from '../../../api/kinds/nodepool/types.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import type { ClusterSnapshot } from './cluster-view.ts';

export const T0 = new Date('2025-01-01T00:00:00Z');

export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
export const stamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function pool(name: string, disruption: NodePoolSpec['disruption'] = {}, extra: Partial<NodePoolSpec> = {}): NodePoolObject {
  return {
    apiVersion: NODE_POOL_API_VERSION,
    kind: 'NodePool',
    metadata: { name, uid: `uid-pool-${name}` },
    spec: { provider: 'simulated', disruption: { consolidateAfter: '0s', ...disruption }, ...extra },
  };
}

export interface ClaimOptions {
  pool?: string;
  node?: string;
  instanceType?: string;
  /** seconds after T0 the claim became Initialized; undefined: not initialized */
  initializedAt?: number | undefined;
  conditions?: Condition[];
  annotations?: Record<string, string>;
  deleting?: boolean;
  creationAt?: number;
}

export function claim(name: string, options: ClaimOptions = {}): NodeClaimObject {
  const initializedAt = 'initializedAt' in options ? options.initializedAt : 0;
  const conditions: Condition[] = [...(options.conditions ?? [])];
  if (initializedAt !== undefined) {
    for (const type of ['Launched', 'Registered', 'Initialized', 'Ready']) conditions.push({ type, status: 'True', lastTransitionTime: stamp(at(initializedAt)) });
  }
  return {
    apiVersion: NODE_POOL_API_VERSION,
    kind: 'NodeClaim',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: stamp(at(options.creationAt ?? 0)),
      labels: { [WellKnownLabels.nodePool]: options.pool ?? 'default', [WellKnownLabels.instanceType]: options.instanceType ?? 'm.large' },
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
      ...(options.deleting === true ? { deletionTimestamp: stamp(at(0)) } : {}),
    },
    spec: { requirements: [] },
    status: { nodeName: options.node ?? `node-${name}`, conditions },
  };
}

export function node(name: string, cpu = '4', extra: { labels?: Record<string, string>; annotations?: Record<string, string>; ready?: boolean; taints?: unknown[] } = {}): KubeObject {
  const resources = { cpu, memory: '16Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-node-${name}`,
      labels: { [WellKnownLabels.hostname]: name, ...extra.labels },
      ...(extra.annotations === undefined ? {} : { annotations: extra.annotations }),
    },
    spec: extra.taints === undefined ? {} : { taints: extra.taints },
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
  };
}

export interface PodOptions {
  cpu?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  daemonSet?: boolean;
  mirror?: boolean;
  phase?: string;
  deleting?: boolean;
  /** seconds after T0 of the PodScheduled transition */
  scheduledAt?: number;
  nodeSelector?: Record<string, string>;
}

export function pod(name: string, nodeName: string, options: PodOptions = {}): KubeObject {
  const ownerReferences = [
    ...(options.daemonSet === true ? [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'uid-ds' }] : []),
    ...(options.mirror === true ? [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: `uid-node-${nodeName}` }] : []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `uid-pod-${name}`,
      labels: options.labels ?? { app: name },
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
      ...(ownerReferences.length === 0 ? {} : { ownerReferences }),
      ...(options.deleting === true ? { deletionTimestamp: stamp(at(0)) } : {}),
    },
    spec: {
      nodeName,
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: options.cpu ?? '500m', memory: '256Mi' } } }],
      ...(options.nodeSelector === undefined ? {} : { nodeSelector: options.nodeSelector }),
    },
    status: {
      phase: options.phase ?? 'Running',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: stamp(at(options.scheduledAt ?? 0)) }],
    },
  };
}

export function pdb(name: string, matchLabels: Record<string, string>, disruptionsAllowed: number, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace, uid: `uid-pdb-${name}` },
    spec: { selector: { matchLabels }, maxUnavailable: disruptionsAllowed === 0 ? 0 : 1 },
    status: { disruptionsAllowed },
  };
}

export function instanceType(name: string, cpuMillis: number, pricePerHour: number, extra: Partial<InstanceType> = {}): InstanceType {
  return { name, cpuMillis, memoryBytes: 16 * 2 ** 30, pods: 110, arch: 'amd64', zones: ['zone-a'], capacityType: 'on-demand', pricePerHour, ...extra };
}

export interface SceneInput {
  pools: NodePoolObject[];
  claims: NodeClaimObject[];
  nodes: KubeObject[];
  pods?: KubeObject[];
  pdbs?: KubeObject[];
  now?: Date;
  catalog?: InstanceType[];
  removals?: Record<string, Date>;
}

/** A ClusterSnapshot of these objects, as the controller takes one from its informers. */
export function snapshotOf(input: SceneInput): ClusterSnapshot {
  const podsByNode = new Map<string, KubeObject[]>();
  for (const p of input.pods ?? []) {
    const spec = p['spec'];
    const nodeName = isRecord(spec) && typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
    podsByNode.set(nodeName, [...(podsByNode.get(nodeName) ?? []), p]);
  }
  return {
    now: input.now ?? at(0),
    pools: new Map(input.pools.map((p) => [p.metadata.name ?? '', p])),
    claims: input.claims,
    nodes: new Map(input.nodes.map((n) => [n.metadata.name ?? '', n])),
    podsByNode,
    pdbs: input.pdbs ?? [],
    lastPodRemoval: (name) => input.removals?.[name],
    instanceTypesOf: () => input.catalog ?? [],
  };
}
