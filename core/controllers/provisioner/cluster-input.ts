/**
 * The planner's view of the cluster, gathered from the informers at one
 * instant: the pods to place, the nodes that can take pods now, the claims
 * still launching (with the pods already nominated to them) and the pools.
 * The pods to place are the pending ones and, as Karpenter's provisioner
 * takes them, those that will need a new home because their node is going
 * away (its Node or NodeClaim is being deleted): capacity for them starts
 * while the drain waits, not after their evictions. A going node is
 * offered to no pod.
 */
import { conditionIsTrue } from '../../api/kinds/nodepool/conditions.ts';
import { readNodeClaim, readNodePool } from '../../api/kinds/nodepool/read.ts';
import { WellKnownLabels, type NodeClaimObject, type NodePoolObject } from '../../api/kinds/nodepool/types.ts';
import { Quantity } from '../../api/quantity.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { InstanceType } from '../../contracts/node-provider.ts';
import type { PodInfo } from '../../contracts/scheduling.ts';
import { MutableNodeInfo } from '../scheduler/cache/node-info.ts';
import { assignedNodeOf, isTerminal, podInfoOf, unboundCopy } from '../scheduler/cache/pod-info.ts';
import { isReschedulablePod } from './disruption/pod-classes.ts';
import { isProvisionable } from './pending-pods.ts';
import type { LaunchingNode, PoolInput } from './plan/index.ts';

export interface ClusterObjects {
  pods: readonly KubeObject[];
  nodes: readonly KubeObject[];
  claims: readonly KubeObject[];
  pools: readonly KubeObject[];
  /** the pool's provider's catalog; undefined while it has no running provider */
  instanceTypesOf(pool: NodePoolObject): readonly InstanceType[] | undefined;
  /** the claim a pending pod was nominated to, while that nomination stands */
  nominatedClaimOf(podKey: string): string | undefined;
}

export interface ClusterInput {
  /** the pods to place: pending ones, and those of going nodes (see `rescheduling`) */
  pending: PodInfo[];
  /** keys of the pods in `pending` that still run on a node being deleted */
  rescheduling: ReadonlySet<string>;
  nodes: MutableNodeInfo[];
  launching: LaunchingNode[];
  pools: PoolInput[];
  poolObjects: ReadonlyMap<string, NodePoolObject>;
}

/**
 * A claim counts as launching until its node is Initialized (Ready): until
 * then its node cannot take pods, and pods bound for it must not make the
 * planner launch another one for them.
 */
function isLaunching(claim: NodeClaimObject): boolean {
  return claim.metadata.deletionTimestamp === undefined && !conditionIsTrue(claim, 'Initialized');
}

function poolOfClaim(claim: NodeClaimObject): string {
  return claim.metadata.labels?.[WellKnownLabels.nodePool] ?? '';
}

/** the types a claim may still launch as: the one it launched as, else its candidates, in its order */
function claimTypes(claim: NodeClaimObject, catalog: readonly InstanceType[]): InstanceType[] {
  const launched = claim.metadata.labels?.[WellKnownLabels.instanceType];
  const candidates = launched !== undefined ? [launched] : (claim.spec.requirements.find((r) => r.key === WellKnownLabels.instanceType && r.operator === 'In')?.values ?? []);
  return candidates.flatMap((name) => catalog.filter((t) => t.name === name).slice(0, 1));
}

function claimZone(claim: NodeClaimObject): string | undefined {
  return claim.metadata.labels?.[WellKnownLabels.zone] ?? claim.spec.requirements.find((r) => r.key === WellKnownLabels.zone && r.operator === 'In')?.values?.[0];
}

function parsed(text: string | undefined, amount: (q: Quantity) => bigint): number {
  if (text === undefined) return 0;
  try {
    return Number(amount(Quantity.parse(text)));
  } catch {
    return 0;
  }
}

function nodeCapacity(node: KubeObject): { cpuMillis: number; memoryBytes: number } {
  const status = isRecord(node['status']) ? node['status'] : {};
  const capacity = isRecord(status['capacity']) ? status['capacity'] : {};
  const text = (key: string): string | undefined => (typeof capacity[key] === 'string' ? capacity[key] : undefined);
  return { cpuMillis: parsed(text('cpu'), (q) => q.milliValue()), memoryBytes: parsed(text('memory'), (q) => q.value()) };
}

function poolInput(pool: NodePoolObject, catalog: readonly InstanceType[], usage: PoolInput['usage']): PoolInput {
  const limits = pool.spec.limits ?? {};
  return {
    name: pool.metadata.name ?? '',
    weight: pool.spec.weight ?? 0,
    requirements: pool.spec.template?.spec?.requirements ?? [],
    labels: pool.spec.template?.metadata?.labels ?? {},
    taints: pool.spec.template?.spec?.taints ?? [],
    limits: {
      ...(limits.cpu === undefined ? {} : { cpuMillis: parsed(limits.cpu, (q) => q.milliValue()) }),
      ...(limits.memory === undefined ? {} : { memoryBytes: parsed(limits.memory, (q) => q.value()) }),
    },
    ...(pool.spec.max === undefined ? {} : { maxNodes: pool.spec.max }),
    usage,
    instanceTypes: catalog,
  };
}

export function clusterInput(objects: ClusterObjects): ClusterInput {
  const poolObjects = new Map<string, NodePoolObject>();
  for (const object of objects.pools) {
    if (object.metadata.deletionTimestamp !== undefined) continue;
    const pool = readNodePool(object);
    poolObjects.set(pool.metadata.name ?? '', pool);
  }
  const claims = objects.claims.map(readNodeClaim);
  const launchingClaims = claims.filter(isLaunching);
  const goingClaimNodes = new Set(claims.filter((c) => c.metadata.deletionTimestamp !== undefined).flatMap((c) => [c.status?.nodeName ?? '', c.metadata.name ?? '']));
  // Nodes of launching claims are not offered to pods yet: the claim stands for them.
  const launchingNodeNames = new Set(launchingClaims.flatMap((c) => [c.status?.nodeName ?? '', c.metadata.name ?? '']));

  const usage = new Map<string, PoolInput['usage']>();
  const use = (pool: string, cpuMillis: number, memoryBytes: number): void => {
    const current = usage.get(pool) ?? { nodes: 0, cpuMillis: 0, memoryBytes: 0 };
    usage.set(pool, { nodes: current.nodes + 1, cpuMillis: current.cpuMillis + cpuMillis, memoryBytes: current.memoryBytes + memoryBytes });
  };

  const nodeInfos = new Map<string, MutableNodeInfo>();
  const goingNodes = new Set<string>();
  for (const node of objects.nodes) {
    const name = node.metadata.name ?? '';
    const pool = node.metadata.labels?.[WellKnownLabels.nodePool];
    if (pool !== undefined && !launchingNodeNames.has(name)) {
      const capacity = nodeCapacity(node);
      use(pool, capacity.cpuMillis, capacity.memoryBytes);
    }
    if (node.metadata.deletionTimestamp !== undefined || goingClaimNodes.has(name)) {
      goingNodes.add(name);
      continue;
    }
    if (launchingNodeNames.has(name)) continue;
    const info = new MutableNodeInfo(name);
    info.setNode(node);
    nodeInfos.set(name, info);
  }

  const pending: PodInfo[] = [];
  const rescheduling = new Set<string>();
  const nominated = new Map<string, PodInfo[]>();
  for (const pod of objects.pods) {
    const nodeName = assignedNodeOf(pod);
    let info: PodInfo;
    if (nodeName === '') {
      if (!isProvisionable(pod)) continue;
      info = podInfoOf(pod);
    } else if (goingNodes.has(nodeName)) {
      if (!isReschedulablePod(pod)) continue;
      // Placed as if unbound: the NodeName filter would hold it to its going node.
      info = podInfoOf(unboundCopy(pod));
      rescheduling.add(info.key);
    } else {
      if (!isTerminal(pod)) nodeInfos.get(nodeName)?.addPod(podInfoOf(pod));
      continue;
    }
    const claim = objects.nominatedClaimOf(info.key);
    if (claim === undefined) pending.push(info);
    else nominated.set(claim, [...(nominated.get(claim) ?? []), info]);
  }

  const launching: LaunchingNode[] = [];
  for (const claim of launchingClaims) {
    const poolName = poolOfClaim(claim);
    const pool = poolObjects.get(poolName);
    const catalog = pool === undefined ? undefined : objects.instanceTypesOf(pool);
    const types = claimTypes(claim, catalog ?? []);
    const first = types[0];
    if (first === undefined) continue;
    // Until it reports its capacity, a launching claim counts as its first (cheapest) candidate.
    use(poolName, first.cpuMillis, first.memoryBytes);
    const zone = claimZone(claim);
    launching.push({ name: claim.metadata.name ?? '', pool: poolName, instanceTypes: types, ...(zone === undefined ? {} : { zone }), pods: nominated.get(claim.metadata.name ?? '') ?? [] });
  }

  // Pods nominated to a claim that is no longer launching (ready, gone, unknown) are pending again.
  const launchingNames = new Set(launching.map((l) => l.name));
  for (const [claim, pods] of nominated) if (!launchingNames.has(claim)) pending.push(...pods);

  const pools: PoolInput[] = [];
  for (const [name, pool] of poolObjects) {
    const catalog = objects.instanceTypesOf(pool);
    if (catalog === undefined || catalog.length === 0) continue;
    pools.push(poolInput(pool, catalog, usage.get(name) ?? { nodes: 0, cpuMillis: 0, memoryBytes: 0 }));
  }
  return { pending, rescheduling, nodes: [...nodeInfos.values()].filter((n) => n.hasNode), launching, pools, poolObjects };
}
